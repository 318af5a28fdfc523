export * from './bootstrap';
export * from './health.controller';
export * from './http-error.filter';
export * from './platform.module';
export * from './validation.pipe';
export * from './periodic-task';
export * from './security';
