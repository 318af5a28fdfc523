import type { BulkOperationKind } from '../rpc/bulk-operations';
import type { SubscriptionRef } from '../rpc/subscription-procedures';

/**
 * One admin bulk operation, processed by the registry (Queues.BulkOperations, JobNames.RunBulkOperation). The job
 * id is the operation id. `items` is the target list as it was when the operation started: subscriptions added
 * later are not part of it, and each item is checked again when its turn comes.
 */
export interface BulkOperationJobData {
  operation_id: string;
  kind: BulkOperationKind;
  items: SubscriptionRef[];
  correlation_id: string;
}
