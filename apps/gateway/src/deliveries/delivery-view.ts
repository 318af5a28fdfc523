import type { DeliveryAttemptRow, DeliveryLogRow } from '@lib/database';

/** One delivery in the delivery log (docs/DELIVERY-LOG-API.md, public and admin alike). */
export interface DeliveryLogItem {
  delivery_id: string;
  app_id: string;
  repository_id: string;
  event: string;
  path: string | null;
  commit_sha: string | null;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export interface DeliveryAttemptView {
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

export interface DeliveryLogDetail extends DeliveryLogItem {
  /** Every HTTP request, oldest first. */
  attempts_log: DeliveryAttemptView[];
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

// Credentials Docora knows the shape of: its own bearer tokens and GitHub's.
const TOKENS = /\b(?:docora_[0-9a-f]{64}|gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

/**
 * Second line of defence for what the log shows: the notifier redacts errors before storing them (URL
 * credentials and query strings, where webhook URLs carry tokens); this masks the same again on the way out,
 * plus token-shaped strings anywhere, a response excerpt included (a receiver may echo what it was sent).
 */
export function maskSecrets(text: string | null, kind: 'error' | 'excerpt'): string | null {
  if (text === null) {
    return null;
  }
  let masked = text.replace(TOKENS, '***');
  if (kind === 'error') {
    masked = masked
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
      .replace(/(https?:\/\/[^\s?#]*)[?#][^\s]*/gi, '$1?***');
  }
  return masked;
}

export function toDeliveryItem(r: DeliveryLogRow): DeliveryLogItem {
  return {
    delivery_id: r.delivery_id,
    app_id: r.app_id,
    repository_id: r.repository_id,
    event: r.event,
    path: r.path,
    commit_sha: r.commit_sha,
    status: r.status,
    attempts: r.attempts,
    last_status_code: r.last_status_code,
    last_error: maskSecrets(r.last_error, 'error'),
    created_at: new Date(r.created_at).toISOString(),
    last_attempt_at: iso(r.last_attempt_at),
    next_attempt_at: iso(r.next_attempt_at),
    delivered_at: iso(r.delivered_at),
  };
}

export function toDeliveryDetail(r: DeliveryLogRow, attempts: DeliveryAttemptRow[]): DeliveryLogDetail {
  return {
    ...toDeliveryItem(r),
    attempts_log: attempts.map((a) => ({
      attempt: a.attempt,
      chunk_index: a.chunk_index,
      chunk_total: a.chunk_total,
      webhook_id: a.webhook_id,
      started_at: new Date(a.started_at).toISOString(),
      duration_ms: a.duration_ms,
      success: a.success,
      status_code: a.status_code,
      response_excerpt: maskSecrets(a.response_excerpt, 'excerpt'),
      error: maskSecrets(a.error, 'error'),
    })),
  };
}
