export * from './docora-config';
export * from './load-config';
export * from './config.module';
export { EnvSchema } from './env.schema';
