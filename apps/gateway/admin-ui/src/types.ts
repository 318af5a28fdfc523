/**
 * The admin API's response shapes as the UI reads them (apps/gateway/src/admin/admin-read.dto.ts and the
 * contracts). Repeated here because the browser code is a separate TypeScript project with no server imports.
 */

export interface Page<T> {
  data: T[];
  pagination: { page: number; limit: number; total: number; total_pages: number };
}

export interface OverviewMetrics {
  total_apps: number;
  total_repositories: number;
  failed_notifications: number;
  queue_waiting: number;
  queue_active: number;
}

export interface AppSummary {
  app_id: string;
  app_name: string;
  base_url: string;
  created_at: string;
  repository_count: number;
  failed_notification_count: number;
}

export type SubscriptionStatus = 'pending_snapshot' | 'scanning' | 'synced' | 'failed';

export interface RepositorySummary {
  repository_id: string;
  github_url: string;
  owner: string;
  name: string;
  branch: string;
  status: SubscriptionStatus;
  last_scanned_at: string | null;
  circuit_open: boolean;
  retry_count: number;
  last_error: string | null;
}

/** The app's outbound delivery state (notifier): pause, queue and endpoint circuit breaker. */
export interface AppDeliveriesSummary {
  paused: boolean;
  paused_reason: 'admin' | 'gone' | null;
  paused_at: string | null;
  queued_deliveries: number;
  endpoint_circuit: 'closed' | 'open';
  consecutive_failures: number;
  circuit_open_until: string | null;
}

export interface AppDetail extends AppSummary {
  email: string;
  website: string | null;
  description: string | null;
  snapshot_count: number;
  delivery_count: number;
  deliveries: AppDeliveriesSummary;
  /** Until when the replaced client_auth_key also signs; null when no grace period runs. */
  previous_key_expires_at: string | null;
  repositories: RepositorySummary[];
}

/** POST /apps/:appId/pause | /resume. */
export interface AppDeliveriesState {
  app_id: string;
  paused: boolean;
  paused_reason: 'admin' | 'gone' | null;
  paused_at: string | null;
  queued_deliveries: number;
}

/** POST /apps/:appId/client-key. */
export interface RotatedClientKey {
  app_id: string;
  rotated_at: string;
  previous_key_expires_at: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';
export type DeliveryEvent = 'create' | 'update' | 'delete' | 'sync_failed';

/** One webhook of the delivery log (docs/DELIVERY-LOG-API.md); delivery_id is its webhook-id. */
export interface DeliveryItem {
  delivery_id: string;
  app_id: string;
  repository_id: string;
  event: DeliveryEvent;
  path: string | null;
  commit_sha: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

/** One HTTP try of one message (a chunk of a large file is a message of its own). */
export interface DeliveryAttempt {
  attempt: number;
  chunk_index: number;
  chunk_total: number;
  webhook_id: string;
  started_at: string;
  duration_ms: number;
  success: boolean;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
}

export interface DeliveryDetail extends DeliveryItem {
  /** Oldest first. */
  attempts_log: DeliveryAttempt[];
}

export interface FailedNotification {
  app_id: string;
  app_name: string;
  repository_id: string;
  repository_name: string;
  github_url: string;
  error_message: string;
  timestamp: string;
  retry_count: number;
}

export interface QueueJob {
  id: string;
  name: string;
  repository_id: string | null;
  repository_name: string | null;
  branch: string | null;
  status: 'active' | 'waiting' | 'delayed';
  created_at: string;
  processed_on: string | null;
}

export interface QueueStatus {
  status: { waiting: number; active: number; completed: number; failed: number; delayed: number };
  jobs: QueueJob[];
}

export interface BulkOperationStarted {
  message: string;
  operation_id: string;
  total: number;
}

export interface BulkProgress {
  operation_id: string;
  total: number;
  completed: number;
  succeeded: number;
  failed: number;
  cancelled: boolean;
  /** Bulk retry / resync name the subscription; a bulk redeliver may name the delivery instead. */
  errors: { app_id?: string; repository_id?: string; delivery_id?: string; error: string }[];
}

export interface Credentials {
  app_id: string;
  token: string;
  created_at?: string;
}
