export * from './bulk-progress.store';
export * from './event-bus';
export * from './event-consumers';
export * from './messaging.module';
export * from './nats-connection';
export * from './redis.provider';
export * from './rpc';
export * from './topology';
