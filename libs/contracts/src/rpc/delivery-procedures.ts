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
} as const;

export interface DeliveryProcedureMap {
  [DeliveryProcedures.PauseAppDeliveries]: { request: { app_id: string }; response: AppDeliveriesState };
  [DeliveryProcedures.ResumeAppDeliveries]: { request: { app_id: string }; response: AppDeliveriesState };
}
