export * from './docora-config';
export * from './load-config';
export { docoraVersion } from './build-info';
export * from './config.module';
export { EnvSchema } from './env.schema';
