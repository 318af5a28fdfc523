export * from './blob-store';
export * from './blob-store.module';
