import { BreakerState, closedState, ManualClock } from '@lib/circuit-breaker';
import { DocoraConfig } from '@lib/config';
import { EndpointBreaker } from './endpoint-breaker';

const COOLDOWN = 60_000;

function setup(threshold = 3) {
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  const config = {
    delivery: { endpointBreakerThreshold: threshold, endpointBreakerCooldownMs: COOLDOWN },
  } as DocoraConfig;
  return { clock, breaker: new EndpointBreaker(config, clock) };
}

function failTimes(breaker: EndpointBreaker, n: number, from: BreakerState = closedState()) {
  let state = from;
  const opened: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const r = breaker.onFailure(state);
    state = r.state;
    opened.push(r.result.opened);
  }
  return { state, opened };
}

describe(EndpointBreaker.name, () => {
  it('should open exactly once, at the ENDPOINT_BREAKER_THRESHOLD-th consecutive failure', () => {
    const { breaker, clock } = setup(3);
    const { state, opened } = failTimes(breaker, 5);
    expect(opened).toEqual([false, false, true, false, false]);
    expect(state.openUntil).toEqual(new Date(clock.now().getTime() + COOLDOWN));
  });

  it('should allow no probe during the cooldown and exactly one after it', () => {
    const { breaker, clock } = setup(2);
    const { state } = failTimes(breaker, 2);
    clock.advance(COOLDOWN - 1);
    expect(breaker.beginProbe(state)).toBeNull();
    clock.advance(1);
    const probing = breaker.beginProbe(state)!;
    expect(probing).toMatchObject({ probing: true });
    // The probe holds the circuit for one more cooldown: nobody else probes meanwhile.
    expect(breaker.beginProbe(probing)).toBeNull();
    expect(probing.openUntil).toEqual(new Date(clock.now().getTime() + COOLDOWN));
  });

  it('should restart the cooldown after a failed probe without opening again', () => {
    const { breaker, clock } = setup(2);
    const { state } = failTimes(breaker, 2);
    const openedAt = state.openedAt;
    clock.advance(COOLDOWN);
    const r = breaker.onFailure(breaker.beginProbe(state)!);
    expect(r.result.opened).toBe(false);
    expect(r.state).toMatchObject({ probing: false, openedAt, consecutiveFailures: 3 });
    expect(r.state.openUntil).toEqual(new Date(clock.now().getTime() + COOLDOWN));
    expect(breaker.beginProbe(r.state)).toBeNull();
  });

  it('should let a prober that died be replaced once its probe lease runs out', () => {
    const { breaker, clock } = setup(1);
    const { state } = failTimes(breaker, 1);
    clock.advance(COOLDOWN);
    const probing = breaker.beginProbe(state)!;
    clock.advance(COOLDOWN);
    expect(breaker.beginProbe(probing)).toMatchObject({ probing: true });
  });
});
