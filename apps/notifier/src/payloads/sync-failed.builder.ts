import type { WebhookRepository } from './payload.types';
import { repositoryObject } from './repository-object.util';

export interface SyncFailedInput {
  repository: WebhookRepository;
  /** Already redacted by the caller: no token or credential may reach an app (SPEC §7). */
  message: string;
  consecutiveFailures: number;
  threshold: number;
  /** ISO-8601 end of the cooldown. */
  cooldownUntil: string;
  retryCount: number;
  /** ISO-8601 time the payload was built. */
  timestamp: string;
}

/** The `sync_failed` body, byte-compatible with v1 (reference §4.3): compact JSON, v1 key order. */
export function buildSyncFailedBody(input: SyncFailedInput): string {
  return JSON.stringify({
    event: 'sync_failed',
    repository: repositoryObject(input.repository),
    error: { type: 'git_failure', message: input.message },
    circuit_breaker: {
      status: 'open',
      consecutive_failures: input.consecutiveFailures,
      threshold: input.threshold,
      cooldown_until: input.cooldownUntil,
    },
    retry_count: input.retryCount,
    timestamp: input.timestamp,
  });
}
