/**
 * One admin bulk redelivery, processed by the notifier (Queues.BulkRedeliveries, JobNames.RunBulkRedelivery).
 * The job id is the operation id. `delivery_ids` is what the filter matched when the operation started, oldest
 * first: deliveries created later are not part of it, and each one is checked again when its turn comes.
 */
export interface BulkRedeliveryJobData {
  operation_id: string;
  delivery_ids: string[];
  correlation_id: string;
}
