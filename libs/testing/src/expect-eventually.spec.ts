import { expectEventually, waitUntil } from './expect-eventually';

describe(expectEventually.name, () => {
  describe('retrying', () => {
    it('should retry until the assertion passes and return its value', async () => {
      let calls = 0;

      const value = await expectEventually(
        () => {
          calls++;
          expect(calls).toBeGreaterThanOrEqual(3);
          return calls;
        },
        { intervalMs: 1 },
      );
      expect(value).toBe(3);
    });

    it('should rethrow the last assertion error on timeout', async () => {
      let calls = 0;

      await expect(
        expectEventually(() => expect(++calls).toBe(-1), { timeoutMs: 30, intervalMs: 5 }),
      ).rejects.toThrow(/toBe/);
      expect(calls).toBeGreaterThan(1);
    });
  });
});

describe(waitUntil.name, () => {
  describe('polling', () => {
    it('should resolve once an async condition holds', async () => {
      let calls = 0;

      await waitUntil(() => Promise.resolve(++calls === 2), { intervalMs: 1 });
      expect(calls).toBe(2);
    });

    it('should reject with the given message on timeout', async () => {
      await expect(
        waitUntil(() => false, { timeoutMs: 20, intervalMs: 5, message: 'never' }),
      ).rejects.toThrow(/timed out after 20 ms: never/);
    });
  });
});
