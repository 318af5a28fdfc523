/**
 * Admin bulk operations (v1 §3.3: bulk retry by app or all, bulk resync by app). The gateway asks the registry to
 * start one; the registry snapshots the targets and queues one durable job that it processes itself, so the work
 * survives a restart of either process (v1 ran it fire-and-forget inside the HTTP process).
 */

/** `bulk_` + 16 lowercase hex characters (libs/signing generateOperationId). */
export const BULK_OPERATION_ID_PATTERN = /^bulk_[0-9a-f]{16}$/;

export function isBulkOperationId(s: unknown): s is string {
  return typeof s === 'string' && BULK_OPERATION_ID_PATTERN.test(s);
}

export type BulkOperationKind = 'retry' | 'resync';

/** v1's messages, shared so the gateway's format checks answer exactly as the registry does. */
export const BulkMessages = {
  RetryStarted: 'Bulk retry started',
  ResyncStarted: 'Bulk re-sync started',
  NoFailedForApp: 'No failed notifications for this app',
  NoFailed: 'No failed notifications found',
  NoRepositoriesForApp: 'No repositories for this app',
  OperationNotFound: 'Operation not found or expired',
  CancellationRequested: 'Cancellation requested',
} as const;

export interface BulkOperationStarted {
  message: string;
  operation_id: string;
  total: number;
}

/** Why one item of an operation failed (kept for the first few failures only). */
export interface BulkItemError {
  app_id: string;
  repository_id: string;
  /** Bulk redelivery: the delivery that could not be sent again. */
  delivery_id?: string;
  error: string;
}

/** GET /admin/api/retry/progress/:operationId. `errors` is new (v1 only counted failures). */
export interface BulkProgress {
  operation_id: string;
  total: number;
  completed: number;
  succeeded: number;
  failed: number;
  cancelled: boolean;
  errors: BulkItemError[];
}

/**
 * WARNING: subject names are durable; renaming one breaks rolling upgrades between gateway and registry.
 */
export const BulkOperationProcedures = {
  BulkRetryApp: 'registry.admin.bulk.retry-app.v1',
  BulkRetryAll: 'registry.admin.bulk.retry-all.v1',
  BulkResyncApp: 'registry.admin.bulk.resync-app.v1',
} as const;

export interface BulkOperationProcedureMap {
  [BulkOperationProcedures.BulkRetryApp]: { request: { app_id: string }; response: BulkOperationStarted };
  [BulkOperationProcedures.BulkRetryAll]: { request: Record<string, never>; response: BulkOperationStarted };
  [BulkOperationProcedures.BulkResyncApp]: { request: { app_id: string }; response: BulkOperationStarted };
}
