import { DocoraConfig, loadConfig } from '@lib/config';
import { RedisProvider } from '@lib/messaging';
import { cleanupNamespace, uniqueNamespace } from '@lib/testing';
import { RateLimiter } from './rate-limiter';

/** Two limiters with their own Redis connections stand for two gateway replicas. */
describe(RateLimiter.name, () => {
  const namespace = uniqueNamespace('rl');
  const config: DocoraConfig = { ...loadConfig({ ENCRYPTION_KEY: 'a'.repeat(64) }), namespace };
  const redisA = new RedisProvider(config);
  const redisB = new RedisProvider(config);
  const replicaA = new RateLimiter(redisA);
  const replicaB = new RateLimiter(redisB);

  afterAll(async () => {
    await redisA.onApplicationShutdown();
    await redisB.onApplicationShutdown();
    await cleanupNamespace(namespace);
  });

  describe('hit', () => {
    it('should admit exactly the limit across replicas, even under concurrent load', async () => {
      const rule = [{ key: ['ip', '198.51.100.20'], limit: 10 }];
      const decisions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? replicaA : replicaB).hit(rule)),
      );
      expect(decisions.filter((d) => !d.limited)).toHaveLength(10);
      expect(decisions.filter((d) => d.limited)).toHaveLength(20);
      const remaining = decisions
        .filter((d) => !d.limited)
        .map((d) => d.remaining)
        .sort((a, b) => a - b);
      expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('should keep buckets apart and store them under DOCORA_NAMESPACE', async () => {
      await replicaA.hit([{ key: ['token', 'aaa'], limit: 2 }]);
      const other = await replicaA.hit([{ key: ['token', 'bbb'], limit: 2 }]);
      expect(other).toMatchObject({ limited: false, remaining: 1 });
      const keys = await redisA.client.keys(`${namespace}:ratelimit:token:*`);
      expect(keys.sort()).toEqual([`${namespace}:ratelimit:token:aaa`, `${namespace}:ratelimit:token:bbb`]);
    });

    it('should start a window at the first hit and reset when it ends', async () => {
      const rule = [{ key: ['ip', '198.51.100.21'], limit: 1 }];
      const first = await replicaA.hit(rule, 300);
      expect(first).toMatchObject({ limited: false, remaining: 0, resetSeconds: 1 });
      expect((await replicaB.hit(rule, 300)).limited).toBe(true);
      const ttl = await redisA.client.pttl(`${namespace}:ratelimit:ip:198.51.100.21`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
      // The window is a Redis expiry: wait for the key itself to go, rather than for a fixed time.
      const deadline = Date.now() + 5000;
      while (
        (await redisA.client.exists(`${namespace}:ratelimit:ip:198.51.100.21`)) &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(await replicaA.hit(rule, 300)).toMatchObject({ limited: false, remaining: 0 });
    });

    it('should refuse when one of several buckets is exhausted', async () => {
      const ip = { key: ['ip', '198.51.100.22'], limit: 3 };
      const token = { key: ['token', 'ccc'], limit: 3 };
      for (let i = 0; i < 3; i++) {
        await replicaA.hit([token]);
      }
      const d = await replicaB.hit([ip, token]);
      expect(d).toMatchObject({ limited: true, limit: 3, remaining: 0 });
      expect((await replicaB.hit([ip])).remaining).toBe(1);
    });
  });
});
