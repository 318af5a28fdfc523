import { createDataSource } from '@lib/database';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BlobGarbageCollector } from './blob-gc';
import { BLOB_PART_BYTES, BlobSource, BlobStore } from './blob-store';

const oidOf = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');
const source = (b: Buffer): BlobSource => ({
  oid: oidOf(b),
  size: b.length,
  open: () => Promise.resolve([b.subarray(0, 7), b.subarray(7)]),
});
const REPO = `repo_${'0'.repeat(24)}`;
const APP = `app_${'0'.repeat(24)}`;

describe(BlobStore.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: BlobStore;
  let gc: BlobGarbageCollector;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    store = new BlobStore(ds);
    gc = new BlobGarbageCollector(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const stored = async (b: Buffer) => (await store.meta(oidOf(b))) !== null;
  const partRows = async (b: Buffer) =>
    Number((await ds.query('SELECT count(*) AS n FROM blob_parts WHERE oid = $1', [oidOf(b)]))[0].n);

  describe('putAll', () => {
    it('should store small blobs in batches and big ones in parts, byte for byte', async () => {
      const small = Array.from({ length: 50 }, (_, i) => Buffer.from(`file ${i}\n`));
      const empty = Buffer.alloc(0);
      const big = randomBytes(BLOB_PART_BYTES * 2 + 123);
      await store.putAll([...small, empty, big].map(source));
      for (const b of [...small, empty, big]) {
        expect(oidOf(await store.readAll(oidOf(b)))).toBe(oidOf(b));
        await expect(store.meta(oidOf(b))).resolves.toEqual({ oid: oidOf(b), size: b.length });
      }
      expect(await partRows(big)).toBe(3);
      expect(await partRows(empty)).toBe(0);
    });

    it('should leave a blob stored meanwhile as it is, and refuse bytes that do not match the size', async () => {
      const b = Buffer.from('twice');
      await Promise.all([store.putAll([source(b)]), store.putAll([source(b)])]);
      expect(await partRows(b)).toBe(1);
      const liar = { ...source(Buffer.from('short')), size: 99 };
      await expect(store.putAll([liar])).rejects.toThrow(/read 5 bytes, git reported 99/);
      await expect(store.meta(liar.oid)).resolves.toBeNull(); // rolled back
    });
  });

  describe(BlobGarbageCollector.name, () => {
    const HOUR = 3_600_000;
    const fresh = async (label: string) => {
      const b = Buffer.from(`${label} ${randomUUID()}`);
      await store.putAll([source(b)]);
      return b;
    };
    const reference = {
      listing: (b: Buffer) =>
        ds.query(
          `INSERT INTO repo_files (repository_id, branch, path, blob_oid, size, mode) VALUES ($1, 'main', $2, $3, $4, '100644')`,
          [REPO, randomUUID(), oidOf(b), b.length],
        ),
      delivery: (b: Buffer, status: string) =>
        ds.query(
          `INSERT INTO deliveries (delivery_id, app_id, repository_id, event, path, blob_oid, status, chunk_id, payload_timestamp)
           VALUES ($1, $2, $3, 'create', 'x', $4, $5, $6, now())`,
          [randomUUID(), APP, REPO, oidOf(b), status, randomUUID()],
        ),
      changeSet: async (b: Buffer, ingested: boolean) => {
        const [cs] = await ds.query<{ id: string }[]>(
          `INSERT INTO change_sets (app_id, repository_id, branch, to_commit, item_count) VALUES ($1, $2, 'main', $3, 1)
           RETURNING change_set_id AS id`,
          [APP, REPO, 'c'.repeat(40)],
        );
        await ds.query(
          `INSERT INTO change_set_items (change_set_id, ordinal, action, path, blob_oid) VALUES ($1, 0, 'create', 'x', $2)`,
          [cs.id, oidOf(b)],
        );
        if (ingested) {
          await ds.query('INSERT INTO ingested_change_sets (change_set_id) VALUES ($1)', [cs.id]);
        }
      },
    };

    it('should delete only blobs unreferenced for a whole grace period, with their parts', async () => {
      const big = randomBytes(BLOB_PART_BYTES + 1);
      await store.putAll([source(big)]);
      const orphan = await fresh('orphan');
      const keep = {
        listed: await fresh('listed'),
        pending: await fresh('pending'),
        failed: await fresh('failed'),
        planned: await fresh('planned'),
      };
      const gone = { delivered: await fresh('delivered'), ingested: await fresh('ingested') };
      await reference.listing(keep.listed);
      await reference.delivery(keep.pending, 'pending');
      await reference.delivery(keep.failed, 'failed');
      await reference.changeSet(keep.planned, false);
      await reference.delivery(gone.delivered, 'delivered');
      await reference.changeSet(gone.ingested, true);

      // First pass: unreferenced blobs are only marked. A pass within the grace period deletes nothing.
      expect((await gc.collect(HOUR)).deleted).toBe(0);
      expect((await gc.collect(HOUR)).deleted).toBe(0);
      expect(await stored(orphan)).toBe(true);
      // Grace period over (0 ms): marked and still unreferenced go.
      await gc.collect(0);
      for (const b of [orphan, big, gone.delivered, gone.ingested]) {
        expect(await stored(b)).toBe(false);
        expect(await partRows(b)).toBe(0);
      }
      for (const b of Object.values(keep)) {
        expect(await stored(b)).toBe(true);
      }
    });

    it('should keep a claimed blob for a grace period, even before its new reference is committed', async () => {
      const reused = await fresh('reused');
      await gc.collect(HOUR); // marked: unreferenced
      // A scan reuses it: claim, then record the listing in a transaction still open while GC runs.
      await expect(store.claim([oidOf(reused)])).resolves.toEqual(new Set([oidOf(reused)]));
      const runner = ds.createQueryRunner();
      await runner.startTransaction();
      try {
        await runner.query(
          `INSERT INTO repo_files (repository_id, branch, path, blob_oid, size, mode) VALUES ($1, 'main', 'reused', $2, 1, '100644')`,
          [REPO, oidOf(reused)],
        );
        expect((await gc.collect(0)).deleted).toBe(0); // the claim cleared the mark: nothing to sweep
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      await gc.collect(0);
      await gc.collect(0);
      expect(await stored(reused)).toBe(true); // referenced now: never marked again
    });

    it('should clear the mark of a blob referenced again, and report a claimed missing blob as missing', async () => {
      const back = await fresh('back');
      await gc.collect(HOUR);
      await reference.listing(back);
      expect((await gc.collect(0)).revived).toBeGreaterThanOrEqual(1);
      expect(await stored(back)).toBe(true);
      await expect(store.claim([oidOf(Buffer.from('never stored'))])).resolves.toEqual(new Set());
    });
  });
});
