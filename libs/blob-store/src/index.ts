export * from './blob-store';
export * from './blob-gc';
export * from './blob-store.module';
