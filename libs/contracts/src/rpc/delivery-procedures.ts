import type { DeliveryFilter } from './delivery-filter';

/** Why an app's deliveries are paused: an admin asked, or its endpoint answered `410 Gone`. */
export type DeliveryPauseReason = 'admin' | 'gone';

/** POST /admin/api/apps/:appId/pause and /resume answer this (in `data`). */
export interface AppDeliveriesState {
  app_id: string;
  paused: boolean;
  /** null when not paused. */
  paused_reason: DeliveryPauseReason | null;
  /** ISO-8601; null when not paused. */
  paused_at: string | null;
  /** Deliveries waiting for the app (all repositories); they keep accumulating while paused. */
  queued_deliveries: number;
}

/**
 * Delivery state belongs to the notifier, so these procedures are answered by it (its own queue group), not by
 * the registry.
 * WARNING: subject names are durable; renaming one breaks rolling upgrades between gateway and notifier.
 */
export const DeliveryProcedures = {
  PauseAppDeliveries: 'notifier.apps.deliveries.pause.v1',
  ResumeAppDeliveries: 'notifier.apps.deliveries.resume.v1',
  RedeliverDelivery: 'notifier.deliveries.redeliver.v1',
  StartBulkRedelivery: 'notifier.deliveries.redeliver-bulk.v1',
} as const;

/** One delivery to send again; `app_id` null for an admin (any app), else only the app's own (404 otherwise). */
export interface RedeliverRequest {
  delivery_id: string;
  app_id: string | null;
}

/** POST …/deliveries/:delivery_id/redeliver answers this (202, in `data`). */
export interface Redelivered {
  delivery_id: string;
  status: 'pending';
}

/**
 * POST /admin/api/deliveries/redeliver (not a dry run). `operation_id` is null when nothing matched (no operation
 * is created); otherwise progress and cancel go through /admin/api/retry/progress|cancel/:operationId.
 */
export interface BulkRedeliveryStarted {
  operation_id: string | null;
  total: number;
}

/** Messages shared by the gateway and the notifier, so both answer alike. */
export const RedeliveryMessages = {
  NotFound: 'Delivery not found',
  Pending: 'The delivery is pending already',
  Skipped: 'Nothing was ever sent for this delivery (skipped)',
  NotRecorded: 'The message of this delivery was not recorded (sent before redelivery existed)',
  ContentGone: 'The content of this delivery is no longer stored',
  Unwatched: 'The app no longer watches this repository',
} as const;

/** Deliveries one bulk redelivery may cover: its job carries their ids (a snapshot taken at the start). */
export const MAX_BULK_REDELIVERY = 50_000;

export interface DeliveryProcedureMap {
  [DeliveryProcedures.PauseAppDeliveries]: { request: { app_id: string }; response: AppDeliveriesState };
  [DeliveryProcedures.ResumeAppDeliveries]: { request: { app_id: string }; response: AppDeliveriesState };
  [DeliveryProcedures.RedeliverDelivery]: { request: RedeliverRequest; response: Redelivered };
  [DeliveryProcedures.StartBulkRedelivery]: {
    request: { filter: DeliveryFilter };
    response: BulkRedeliveryStarted;
  };
}
