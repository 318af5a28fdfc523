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

export interface AppDetail extends AppSummary {
  email: string;
  website: string | null;
  description: string | null;
  snapshot_count: number;
  delivery_count: number;
  repositories: RepositorySummary[];
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
  errors: { app_id: string; repository_id: string; error: string }[];
}

export interface Credentials {
  app_id: string;
  token: string;
  created_at?: string;
}
