export * from './data-source';
export * from './migrate';
export * from './readers/apps.reader';
export * from './readers/change-sets.reader';
export * from './readers/readers.module';
export * from './readers/reconciliation.reader';
export * from './readers/scans.reader';
export * from './readers/subscriptions.reader';
