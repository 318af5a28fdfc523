import { type BreakerState, CircuitBreaker, closedState } from './circuit-breaker.service';
import { ManualClock, systemClock } from './clock.util';

const settings = { threshold: 3, cooldownMs: 60_000 };

function setup(): { clock: ManualClock; breaker: CircuitBreaker } {
  const clock = new ManualClock(new Date('2025-06-01T00:00:00.000Z'));
  return { clock, breaker: new CircuitBreaker(settings, clock) };
}

/** Drives the breaker to the open state and returns that state. */
function openBreaker(breaker: CircuitBreaker): BreakerState {
  let state = closedState();
  for (let i = 0; i < settings.threshold; i++) {
    state = breaker.onFailure(state).state;
  }
  return state;
}

describe(CircuitBreaker.name, () => {
  describe('constructor', () => {
    it.each([
      [{ threshold: 0, cooldownMs: 1 }],
      [{ threshold: 1.5, cooldownMs: 1 }],
      [{ threshold: 1, cooldownMs: -1 }],
      [{ threshold: 1, cooldownMs: Number.POSITIVE_INFINITY }],
    ])('should reject invalid settings %o', (bad) => {
      expect(() => new CircuitBreaker(bad)).toThrow();
    });

    it('should default to the system clock', () => {
      const breaker = new CircuitBreaker({ threshold: 1, cooldownMs: 1000 });
      const before = systemClock.now().getTime();
      const { state } = breaker.onFailure(closedState());
      expect(state.openedAt!.getTime()).toBeGreaterThanOrEqual(before);
      expect(state.openUntil!.getTime()).toBe(state.openedAt!.getTime() + 1000);
    });
  });

  describe('decide', () => {
    const t0 = new Date('2025-06-01T00:00:00.000Z');
    const at = (ms: number): Date => new Date(t0.getTime() + ms);

    it.each<[string, BreakerState, number, string]>([
      ['closed', closedState(), 0, 'allow'],
      ['closed with some failures', { ...closedState(), consecutiveFailures: 2 }, 0, 'allow'],
      [
        'open before openUntil',
        { consecutiveFailures: 3, openedAt: t0, openUntil: at(60_000), probing: false },
        59_999,
        'deny',
      ],
      [
        'open at openUntil',
        { consecutiveFailures: 3, openedAt: t0, openUntil: at(60_000), probing: false },
        60_000,
        'probe',
      ],
      [
        'open after openUntil',
        { consecutiveFailures: 3, openedAt: t0, openUntil: at(60_000), probing: false },
        90_000,
        'probe',
      ],
      [
        'probing within its lease',
        { consecutiveFailures: 3, openedAt: t0, openUntil: at(120_000), probing: true },
        119_999,
        'deny',
      ],
      [
        'probing with an expired lease (prober died)',
        { consecutiveFailures: 3, openedAt: t0, openUntil: at(120_000), probing: true },
        120_000,
        'probe',
      ],
    ])('should decide for %s', (_case, state, elapsedMs, expected) => {
      const clock = new ManualClock(t0);
      clock.advance(elapsedMs);
      expect(new CircuitBreaker(settings, clock).decide(state)).toBe(expected);
    });
  });

  describe('onFailure', () => {
    it.each([
      [1, 1, false],
      [2, 2, false],
      [3, 3, true],
    ])('should count failure %i and open only at the threshold', (failures, expectedCount, expectedOpen) => {
      const { breaker } = setup();
      let result = { state: closedState(), opened: false };
      for (let i = 0; i < failures; i++) {
        result = breaker.onFailure(result.state);
      }
      expect(result.state.consecutiveFailures).toBe(expectedCount);
      expect(result.opened).toBe(expectedOpen);
      expect(breaker.isOpen(result.state)).toBe(expectedOpen);
    });

    it('should set openedAt to now and openUntil one cooldown later when opening', () => {
      const { clock, breaker } = setup();
      const state = openBreaker(breaker);
      expect(state.openedAt).toEqual(clock.now());
      expect(state.openUntil!.getTime()).toBe(clock.now().getTime() + settings.cooldownMs);
      expect(state.probing).toBe(false);
    });

    it('should report opened once per outage and not extend the cooldown for stragglers (v1 bug)', () => {
      const { clock, breaker } = setup();
      const opened = openBreaker(breaker);
      clock.advance(10_000);
      const fourth = breaker.onFailure(opened);
      clock.advance(10_000);
      const fifth = breaker.onFailure(fourth.state);
      expect([fourth.opened, fifth.opened]).toEqual([false, false]);
      expect(fifth.state.consecutiveFailures).toBe(5);
      expect(fifth.state.openUntil).toEqual(opened.openUntil);
      expect(fifth.state.openedAt).toEqual(opened.openedAt);
    });

    it('should restart the cooldown after a failed probe without a new opened event', () => {
      const { clock, breaker } = setup();
      const opened = openBreaker(breaker);
      clock.advance(settings.cooldownMs);
      const probing = breaker.beginProbe(opened);
      clock.advance(5_000);
      const { state, opened: reopened } = breaker.onFailure(probing);
      expect(reopened).toBe(false);
      expect(state.probing).toBe(false);
      expect(state.openedAt).toEqual(opened.openedAt);
      expect(state.openUntil!.getTime()).toBe(clock.now().getTime() + settings.cooldownMs);
      expect(breaker.decide(state)).toBe('deny');
      clock.advance(settings.cooldownMs);
      expect(breaker.decide(state)).toBe('probe');
    });

    it('should open with threshold 1 on the first failure', () => {
      const clock = new ManualClock();
      const result = new CircuitBreaker({ threshold: 1, cooldownMs: 10 }, clock).onFailure(closedState());
      expect(result.opened).toBe(true);
    });

    it('should not mutate the state it is given', () => {
      const { clock, breaker } = setup();
      const open = openBreaker(breaker);
      clock.advance(settings.cooldownMs);
      const probing = breaker.beginProbe(open);
      for (const state of [closedState(), open, probing]) {
        const before = structuredClone(state);
        const after = breaker.onFailure(state).state;
        breaker.onSuccess(state);
        after.openUntil?.setTime(0);
        after.openedAt?.setTime(0);
        expect(state).toEqual(before);
      }
    });
  });

  describe('beginProbe', () => {
    it('should mark probing and lease the probe for one cooldown', () => {
      const { clock, breaker } = setup();
      const open = openBreaker(breaker);
      clock.advance(settings.cooldownMs + 1);
      const probing = breaker.beginProbe(open);
      expect(probing.probing).toBe(true);
      expect(probing.openUntil!.getTime()).toBe(clock.now().getTime() + settings.cooldownMs);
      expect(breaker.decide(probing)).toBe('deny');
    });

    it.each([
      ['closed', (_b: CircuitBreaker, _c: ManualClock) => closedState()],
      ['open in cooldown', (b: CircuitBreaker, _c: ManualClock) => openBreaker(b)],
      [
        'already probing',
        (b: CircuitBreaker, c: ManualClock) => {
          const open = openBreaker(b);
          c.advance(settings.cooldownMs);
          return b.beginProbe(open);
        },
      ],
    ])('should refuse when the breaker is %s', (_case, makeState) => {
      const { clock, breaker } = setup();
      const state = makeState(breaker, clock);
      expect(() => breaker.beginProbe(state)).toThrow(/beginProbe/);
    });
  });

  describe('onSuccess', () => {
    it.each<[string, (b: CircuitBreaker, c: ManualClock) => BreakerState, boolean]>([
      ['closed', () => closedState(), false],
      ['closed with failures below the threshold', (b) => b.onFailure(closedState()).state, false],
      ['open (straggler success)', (b) => openBreaker(b), true],
      [
        'probing',
        (b, c) => {
          const open = openBreaker(b);
          c.advance(settings.cooldownMs);
          return b.beginProbe(open);
        },
        true,
      ],
    ])('should reset from %s', (_case, makeState, expectedClosed) => {
      const { clock, breaker } = setup();
      const { state, closed } = breaker.onSuccess(makeState(breaker, clock));
      expect(state).toEqual(closedState());
      expect(closed).toBe(expectedClosed);
      expect(breaker.decide(state)).toBe('allow');
    });
  });

  describe('full outage', () => {
    it('should emit one opened and one closed event across repeated failed probes', () => {
      const { clock, breaker } = setup();
      const events: string[] = [];
      const record = (r: { state: BreakerState; opened?: boolean; closed?: boolean }): BreakerState => {
        if (r.opened) {
          events.push('opened');
        }
        if (r.closed) {
          events.push('closed');
        }
        return r.state;
      };
      let state = closedState();
      for (let i = 0; i < settings.threshold; i++) {
        expect(breaker.decide(state)).toBe('allow');
        state = record(breaker.onFailure(state));
      }
      for (let probe = 0; probe < 4; probe++) {
        expect(breaker.decide(state)).toBe('deny');
        clock.advance(settings.cooldownMs);
        expect(breaker.decide(state)).toBe('probe');
        state = record(breaker.onFailure(breaker.beginProbe(state)));
      }
      clock.advance(settings.cooldownMs);
      state = record(breaker.onSuccess(breaker.beginProbe(state)));
      expect(events).toEqual(['opened', 'closed']);
      expect(state).toEqual(closedState());
    });
  });
});

describe(ManualClock.name, () => {
  describe('advance', () => {
    it('should move time only when told', () => {
      const clock = new ManualClock(0);
      expect(clock.now().getTime()).toBe(0);
      clock.advance(1500);
      expect(clock.now().getTime()).toBe(1500);
      clock.set(new Date(10));
      expect(clock.now().getTime()).toBe(10);
    });
  });
});
