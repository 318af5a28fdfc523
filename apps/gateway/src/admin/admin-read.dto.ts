import { SubscriptionStatus } from '@lib/entities';

/** Response shapes of the admin read routes (v1 `packages/shared-types/src/dashboard.ts`, plus new fields). */

export interface OverviewMetrics {
  total_apps: number;
  /** Distinct watched repositories (v1 counted app ↔ repository links). */
  total_repositories: number;
  /** Subscriptions whose effective status is `failed`. */
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

/** The app's outbound delivery state (notifier): pause and endpoint circuit breaker. */
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
  /** Until when the replaced client_auth_key also signs (a rotation's grace period); null when none runs. */
  previous_key_expires_at: string | null;
  repositories: RepositorySummary[];
}

export type QueueJobStatus = 'active' | 'waiting' | 'delayed';

export interface QueueJob {
  id: string;
  name: string;
  repository_id: string | null;
  /** `owner/name`, null when the repository is gone. */
  repository_name: string | null;
  branch: string | null;
  status: QueueJobStatus;
  created_at: string;
  processed_on: string | null;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface QueueStatus {
  status: QueueCounts;
  jobs: QueueJob[];
}
