export { closedState, CircuitBreaker } from './circuit-breaker.service';
export type { BreakerDecision, BreakerSettings, BreakerState } from './circuit-breaker.service';
export { ManualClock, systemClock } from './clock.util';
export type { Clock } from './clock.util';
