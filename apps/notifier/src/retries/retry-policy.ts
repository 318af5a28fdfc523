/** What to do after a failed attempt (SPEC §4.3). */
export type RetryDecision =
  | { kind: 'retry'; delayMs: number }
  /** The schedule is used up: the delivery fails (its subscription becomes `failed`). */
  | { kind: 'exhausted' }
  /** 410 Gone: the app's deliveries pause until an admin resumes them; this delivery waits at the head. */
  | { kind: 'pause' };

export interface FailedAttempt {
  /** The attempt that just failed: 1 for the first try. */
  attempt: number;
  /** HTTP status, null when no response arrived. */
  statusCode: number | null;
  /** Parsed `Retry-After`, in ms from now (null when absent or unparseable). */
  retryAfterMs: number | null;
}

/** ±20 % (SPEC §4.3): retries of many deliveries that failed together do not hit the endpoint in lockstep. */
export const JITTER = 0.2;
/** A `Retry-After` is honoured up to this many times the scheduled delay, so an endpoint cannot park a lane for days. */
export const RETRY_AFTER_CAP_FACTOR = 10;

/**
 * Pure retry rules. `schedule[n]` is the delay before retry n+1, so attempt k (1-based) that fails is retried
 * after `schedule[k-1]` (jittered) and the schedule allows `schedule.length + 1` attempts in all. `random` is
 * injectable (default Math.random) so tests are deterministic.
 */
export function decideRetry(
  schedule: readonly number[],
  failed: FailedAttempt,
  random: () => number = Math.random,
): RetryDecision {
  if (failed.statusCode === 410) {
    return { kind: 'pause' };
  }
  if (failed.attempt > schedule.length) {
    return { kind: 'exhausted' };
  }
  const base = schedule[failed.attempt - 1];
  if (failed.retryAfterMs !== null && (failed.statusCode === 429 || failed.statusCode === 503)) {
    // The endpoint said when it can take more: believe it (sooner or later than the schedule), within the cap.
    return {
      kind: 'retry',
      delayMs: Math.max(0, Math.min(failed.retryAfterMs, base * RETRY_AFTER_CAP_FACTOR)),
    };
  }
  return { kind: 'retry', delayMs: Math.round(base * (1 - JITTER + 2 * JITTER * random())) };
}

/**
 * `Retry-After` as ms from `now`: delay-seconds (`120`) or an HTTP date. null when absent or malformed; a date in
 * the past is 0.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const v = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!v) {
    return null;
  }
  if (/^\d+$/.test(v)) {
    return Number(v) * 1000;
  }
  // An HTTP date always names its day and month; Date.parse would also accept bare numbers like "-5".
  const t = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}
