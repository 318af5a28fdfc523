// WARNING: queue and job names are durable (jobs wait in Redis under them); rename only with a drain.
export const Queues = {
  Scan: 'scan',
  /** Admin bulk retry / resync operations, processed by the registry. */
  BulkOperations: 'bulk-operations',
  /** Admin bulk redeliveries, processed by the notifier (the owner of deliveries). */
  BulkRedeliveries: 'bulk-redeliveries',
} as const;

export const JobNames = {
  ScanRepository: 'scan-repository',
  RunBulkOperation: 'run-bulk-operation',
  RunBulkRedelivery: 'run-bulk-redelivery',
} as const;

export type ScanReason = 'initial' | 'schedule' | 'manual' | 'push';

/** One check of one repository branch. Never carries secrets: the scanner reads the token from the database. */
export interface ScanJobData {
  repository_id: string;
  branch: string;
  reason: ScanReason;
  correlation_id: string;
}

/** The deduplication id of a branch's checks: at most one waits and one runs per repository branch. */
export function scanJobId(repositoryId: string, branch: string): string {
  return `scan__${repositoryId}__${Buffer.from(branch).toString('hex')}`;
}
