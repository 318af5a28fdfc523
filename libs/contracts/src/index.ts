export * from './errors';
export * from './events/subjects';
export * from './events/payloads';
export * from './rpc/onboard-app';
export * from './rpc/register-repository';
export * from './rpc/procedures';
export * from './jobs/queues';
