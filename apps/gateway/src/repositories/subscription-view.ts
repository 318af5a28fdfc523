import { effectiveStatus, SkippedFileFact, skippedInScope, SubscriptionFacts } from '@lib/database';

/** One subscription as the public API shows it (GET /api/repositories[/:id]). */
export interface SubscriptionView {
  repository_id: string;
  github_url: string;
  owner: string;
  name: string;
  branch: string;
  include: string[];
  exclude: string[];
  status: string;
  retry_count: number;
  last_error: string | null;
  last_scanned_at: string | null;
  last_delivered_commit: string | null;
  head_commit: string | null;
  circuit_state: 'open' | 'closed';
  /** Files within the subscription's filters that are not delivered (above MAX_FILE_SIZE_BYTES), at most 100. */
  skipped_files: SkippedFileFact[];
  created_at: string;
}

export function toSubscriptionView(f: SubscriptionFacts, now = new Date()): SubscriptionView {
  const s = effectiveStatus(f, now);
  return {
    repository_id: f.repository_id,
    github_url: f.github_url,
    owner: f.owner,
    name: f.name,
    branch: f.branch,
    include: f.include,
    exclude: f.exclude,
    status: s.status,
    retry_count: s.retry_count,
    last_error: s.last_error,
    last_scanned_at: s.last_scanned_at?.toISOString() ?? null,
    last_delivered_commit: f.last_delivered_commit,
    head_commit: f.head_commit,
    circuit_state: s.circuit_open ? 'open' : 'closed',
    skipped_files: skippedInScope(f),
    created_at: f.created_at.toISOString(),
  };
}
