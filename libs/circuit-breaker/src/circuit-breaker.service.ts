import { type Clock, systemClock } from './clock.util';

export interface BreakerSettings {
  /** Consecutive failures that open the circuit (v1 git default: 5). */
  threshold: number;
  /** How long an opened circuit denies everything before one probe is allowed (v1 git default: 30 min). */
  cooldownMs: number;
}

/**
 * Persisted by the caller (per repository for git, per app endpoint for deliveries).
 * Closed: `openUntil === null`. Open: `openUntil !== null`; `openedAt` is when this outage began and does not move
 * when a probe fails, so it identifies the outage.
 */
export interface BreakerState {
  consecutiveFailures: number;
  openedAt: Date | null;
  openUntil: Date | null;
  probing: boolean;
}

export const closedState = (): BreakerState => ({
  consecutiveFailures: 0,
  openedAt: null,
  openUntil: null,
  probing: false,
});

/** allow: closed, go ahead. probe: open and cooled down, call beginProbe() then try once. deny: do nothing. */
export type BreakerDecision = 'allow' | 'probe' | 'deny';

/**
 * Pure circuit-breaker rules; every method returns a new state and never mutates its argument.
 *
 * Differences from v1 (reference §5.8), which re-opened and re-notified on every failure at or above the
 * threshold, pushing the cooldown further each time:
 * - `opened` is true exactly once per outage, at the failure that reaches the threshold, so `circuit.opened` and
 *   `sync_failed` fire once per opening;
 * - a failed probe restarts the cooldown without a new `opened` event (same outage);
 * - a failure reported while open by work that started before the circuit opened is counted but neither extends
 *   the cooldown nor re-opens;
 * - a probe is a lease: `beginProbe` pushes `openUntil` one cooldown ahead, and if the prober dies without
 *   reporting, the next decide() after that moment allows a new probe instead of wedging the circuit forever.
 *
 * Concurrency is the caller's job: persist beginProbe's state with a compare-and-set (e.g. `UPDATE … WHERE
 * probing = false`) so only one worker probes.
 */
export class CircuitBreaker {
  constructor(
    private readonly settings: BreakerSettings,
    private readonly clock: Clock = systemClock,
  ) {
    if (!Number.isSafeInteger(settings.threshold) || settings.threshold < 1) {
      throw new Error(`circuit breaker threshold must be an integer >= 1, got ${settings.threshold}`);
    }
    if (!Number.isFinite(settings.cooldownMs) || settings.cooldownMs < 0) {
      throw new Error(`circuit breaker cooldownMs must be a finite number >= 0, got ${settings.cooldownMs}`);
    }
  }

  isOpen(state: BreakerState): boolean {
    return state.openUntil !== null;
  }

  decide(state: BreakerState): BreakerDecision {
    if (state.openUntil === null) {
      return 'allow';
    }
    // While probing, openUntil is the probe's lease: deny until it expires, then let someone else probe.
    return this.now() < state.openUntil.getTime() ? 'deny' : 'probe';
  }

  /** Marks the single probe as started. Only valid when decide(state) === 'probe'. */
  beginProbe(state: BreakerState): BreakerState {
    const decision = this.decide(state);
    if (decision !== 'probe') {
      throw new Error(`beginProbe called while the breaker decides '${decision}'`);
    }
    return { ...copy(state), probing: true, openUntil: this.cooldownEnd() };
  }

  /** Any success proves the resource works: reset. `closed` is true when this ends an outage. */
  onSuccess(state: BreakerState): { state: BreakerState; closed: boolean } {
    return { state: closedState(), closed: this.isOpen(state) };
  }

  onFailure(state: BreakerState): { state: BreakerState; opened: boolean } {
    const consecutiveFailures = state.consecutiveFailures + 1;
    if (this.isOpen(state)) {
      if (state.probing) {
        // Failed probe: same outage, fresh cooldown, no new event.
        return {
          state: { ...copy(state), consecutiveFailures, probing: false, openUntil: this.cooldownEnd() },
          opened: false,
        };
      }
      // A straggler that started before the circuit opened: count it, change nothing else (v1 extended here).
      return { state: { ...copy(state), consecutiveFailures }, opened: false };
    }
    if (consecutiveFailures >= this.settings.threshold) {
      return {
        state: {
          consecutiveFailures,
          openedAt: this.clock.now(),
          openUntil: this.cooldownEnd(),
          probing: false,
        },
        opened: true,
      };
    }
    return { state: { ...closedState(), consecutiveFailures }, opened: false };
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private cooldownEnd(): Date {
    return new Date(this.now() + this.settings.cooldownMs);
  }
}

// Dates are mutable; copying them keeps the "never mutates its argument" promise for callers that hold both states.
function copy(state: BreakerState): BreakerState {
  return {
    consecutiveFailures: state.consecutiveFailures,
    openedAt: state.openedAt && new Date(state.openedAt.getTime()),
    openUntil: state.openUntil && new Date(state.openUntil.getTime()),
    probing: state.probing,
  };
}
