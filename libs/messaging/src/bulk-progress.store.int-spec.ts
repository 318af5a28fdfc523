import { DocoraConfig } from '@lib/config';
import { cleanupNamespace, uniqueNamespace } from '@lib/testing';
import { BULK_ERRORS_KEPT, BULK_PROGRESS_TTL_S, BulkProgressStore } from './bulk-progress.store';
import { RedisProvider } from './redis.provider';

const ID = 'bulk_00112233445566ff';
const item = (n: number) => ({
  app_id: `app_${String(n).padStart(24, '0')}`,
  repository_id: `repo_${String(n).padStart(24, '0')}`,
  error: `reason ${n}`,
});

/** The Lua scripts against a real Redis: cursor, idempotent counting, cancellation without key creation. */
describe(BulkProgressStore.name, () => {
  const ns = uniqueNamespace();
  let redis: RedisProvider;
  let store: BulkProgressStore;

  beforeAll(() => {
    redis = new RedisProvider({ redis: { url: 'redis://127.0.0.1:6379' }, namespace: ns } as DocoraConfig);
    store = new BulkProgressStore(redis);
  });

  afterEach(async () => {
    await store.remove(ID);
  });

  afterAll(async () => {
    await redis.onApplicationShutdown();
    await cleanupNamespace(ns);
  });

  const keys = async () => (await redis.client.keys(`${ns}:*`)).sort();

  describe('create', () => {
    it('should store v1 fields under <ns>:bulk:<id> with a one-hour TTL', async () => {
      await store.create(ID, 3);
      expect(await keys()).toEqual([`${ns}:bulk:${ID}`]);
      const ttl = await redis.client.ttl(`${ns}:bulk:${ID}`);
      expect(ttl).toBeGreaterThan(BULK_PROGRESS_TTL_S - 5);
      expect(ttl).toBeLessThanOrEqual(BULK_PROGRESS_TTL_S);
      await expect(store.get(ID)).resolves.toEqual({
        operation_id: ID,
        total: 3,
        completed: 0,
        succeeded: 0,
        failed: 0,
        cancelled: false,
        errors: [],
      });
    });
  });

  describe('get', () => {
    it('should answer null for an unknown operation', async () => {
      await expect(store.get(ID)).resolves.toBeNull();
    });
  });

  describe('requestCancel', () => {
    it('should refuse an unknown operation without creating any key', async () => {
      await expect(store.requestCancel(ID)).resolves.toBe(false);
      expect(await keys()).toEqual([]);
    });

    it('should flag a running operation and leave its TTL alone', async () => {
      await store.create(ID, 2);
      await redis.client.expire(`${ns}:bulk:${ID}`, 100);
      await expect(store.requestCancel(ID)).resolves.toBe(true);
      expect((await store.get(ID))?.cancelled).toBe(true);
      expect(await redis.client.ttl(`${ns}:bulk:${ID}`)).toBeLessThanOrEqual(100);
      await expect(store.begin(ID, 0)).resolves.toBe('cancelled');
    });

    it('should accept but not flag an operation that already finished', async () => {
      await store.create(ID, 1);
      await store.begin(ID, 0);
      await store.record(ID, 0, null);
      await expect(store.requestCancel(ID)).resolves.toBe(true);
      expect((await store.get(ID))?.cancelled).toBe(false);
    });
  });

  describe('begin', () => {
    it('should run the item at the cursor, report a resumed in-flight item, and refuse others', async () => {
      await store.create(ID, 3);
      await expect(store.begin(ID, 1)).resolves.toBe('moved');
      await expect(store.begin(ID, 0)).resolves.toBe('run');
      await expect(store.begin(ID, 0)).resolves.toBe('resumed');
      await store.record(ID, 0, null);
      await expect(store.begin(ID, 1)).resolves.toBe('run');
    });

    it('should report an expired operation as gone and create nothing', async () => {
      await expect(store.begin(ID, 0)).resolves.toBe('gone');
      expect(await keys()).toEqual([]);
    });

    it('should refresh the TTL of the running operation', async () => {
      await store.create(ID, 2);
      await redis.client.expire(`${ns}:bulk:${ID}`, 100);
      await store.begin(ID, 0);
      expect(await redis.client.ttl(`${ns}:bulk:${ID}`)).toBeGreaterThan(100);
    });
  });

  describe('record', () => {
    it('should count each index once and keep the first failure reasons', async () => {
      const total = BULK_ERRORS_KEPT + 3;
      await store.create(ID, total);
      for (let i = 0; i < total; i++) {
        await store.begin(ID, i);
        await expect(store.record(ID, i, i === 0 ? null : item(i))).resolves.toBe(true);
        await expect(store.record(ID, i, null)).resolves.toBe(false);
      }
      const p = await store.get(ID);
      expect(p).toMatchObject({ total, completed: total, succeeded: 1, failed: total - 1 });
      expect(p?.errors).toEqual(Array.from({ length: BULK_ERRORS_KEPT }, (_, i) => item(i + 1)));
      expect(await redis.client.ttl(`${ns}:bulk:${ID}:errors`)).toBeGreaterThan(BULK_PROGRESS_TTL_S - 5);
    });

    it('should not resurrect an expired operation', async () => {
      await expect(store.record(ID, 0, item(0))).resolves.toBe(false);
      expect(await keys()).toEqual([]);
    });
  });
});
