import { Inject, Injectable, Optional } from '@nestjs/common';
import { BreakerState, CircuitBreaker, Clock, systemClock } from '@lib/circuit-breaker';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';

/** Optional provider of the breaker's clock (tests); the system clock otherwise. */
export const ENDPOINT_CLOCK = Symbol('ENDPOINT_CLOCK');

/**
 * The endpoint circuit breaker of SPEC §4.3, per app and separate from the git one: ENDPOINT_BREAKER_THRESHOLD
 * consecutive failed attempts (any lane of the app) open it, every lane of the app then waits
 * ENDPOINT_BREAKER_COOLDOWN_MS, one probe attempt follows, and its success resumes everything queued. The rules
 * are libs/circuit-breaker's; state lives in endpoint_health.
 */
@Injectable()
export class EndpointBreaker {
  private readonly breaker: CircuitBreaker;

  constructor(
    @Inject(DOCORA_CONFIG) config: DocoraConfig,
    @Optional() @Inject(ENDPOINT_CLOCK) clock: Clock | null = null,
  ) {
    this.breaker = new CircuitBreaker(
      {
        threshold: config.delivery.endpointBreakerThreshold,
        cooldownMs: config.delivery.endpointBreakerCooldownMs,
      },
      clock ?? systemClock,
    );
  }

  /** A failed attempt; `opened` is true once per outage. */
  onFailure(state: BreakerState): { state: BreakerState; result: { opened: boolean } } {
    const { state: next, opened } = this.breaker.onFailure(state);
    return { state: next, result: { opened } };
  }

  /** The probing state when the cooldown is over (the caller then sends exactly one attempt), else null. */
  beginProbe(state: BreakerState): BreakerState | null {
    return this.breaker.decide(state) === 'probe' ? this.breaker.beginProbe(state) : null;
  }
}
