import { SubscriptionStatus } from '@lib/entities';
import { pathFilter } from './path-filter';

/** What the three owners know about one subscription, joined by SubscriptionStatusReader. */
export interface SubscriptionFacts {
  app_id: string;
  repository_id: string;
  branch: string;
  include: string[];
  exclude: string[];
  github_url: string;
  owner: string;
  name: string;
  /** Registry: pending_snapshot until first planned; failed is terminal until a retry. */
  stored_status: SubscriptionStatus;
  stored_retry_count: number;
  stored_last_error: string | null;
  created_at: Date;
  /** Scanner. */
  head_commit: string | null;
  checked_at: Date | null;
  git_failures: number;
  circuit_open_until: Date | null;
  git_error: string | null;
  /** Files of the branch left out of its listing (scanner), before the subscription's filters. */
  skipped_files: SkippedFileFact[];
  /** Diff. */
  planned_commit: string | null;
  /** Notifier. */
  pending_deliveries: number;
  max_pending_attempts: number;
  pending_error: string | null;
  last_delivered_at: Date | null;
  last_delivered_commit: string | null;
}

export interface SkippedFileFact {
  path: string;
  size: number;
  /** `too_large`: above MAX_FILE_SIZE_BYTES. */
  reason: string;
}

/** How many skipped files a subscription view lists. */
export const SKIPPED_SHOWN = 100;

/** The skipped files within a subscription's filters, at most SKIPPED_SHOWN, by path. */
export function skippedInScope(f: Pick<SubscriptionFacts, 'include' | 'exclude' | 'skipped_files'>) {
  const inScope = pathFilter({ include: f.include, exclude: f.exclude });
  return (f.skipped_files ?? []).filter((k) => inScope(k.path)).slice(0, SKIPPED_SHOWN);
}

export interface EffectiveStatus {
  status: SubscriptionStatus;
  retry_count: number;
  last_error: string | null;
  last_scanned_at: Date | null;
  circuit_open: boolean;
}

/**
 * v1's state machine, derived instead of stored, so no row can stay stuck in `scanning` after a crash:
 * failed (terminal until a retry, or while the repository's git circuit is open) → pending_snapshot (nothing
 * planned yet) → scanning (the branch moved past the plan, or deliveries are pending) → synced.
 */
export function effectiveStatus(f: SubscriptionFacts, now = new Date()): EffectiveStatus {
  const circuitOpen = f.circuit_open_until !== null && f.circuit_open_until > now;
  const retryCount = Math.max(f.stored_retry_count, f.max_pending_attempts, f.git_failures);
  const lastError = f.pending_error ?? (f.git_failures > 0 ? f.git_error : null) ?? f.stored_last_error;
  let status: SubscriptionStatus;
  if (f.stored_status === SubscriptionStatus.Failed || circuitOpen) {
    status = SubscriptionStatus.Failed;
  } else if (f.head_commit === null || f.planned_commit === null) {
    status = SubscriptionStatus.PendingSnapshot;
  } else if (f.planned_commit !== f.head_commit || f.pending_deliveries > 0) {
    status = SubscriptionStatus.Scanning;
  } else {
    status = SubscriptionStatus.Synced;
  }
  return {
    status,
    retry_count: retryCount,
    last_error: status === SubscriptionStatus.Synced ? null : lastError,
    last_scanned_at: status === SubscriptionStatus.Synced ? f.checked_at : f.last_delivered_at,
    circuit_open: circuitOpen,
  };
}
