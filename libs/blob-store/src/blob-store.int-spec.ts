import { createHash } from 'node:crypto';
import { createDataSource } from '@lib/database';
import { createTestDatabase, TestDatabase } from '@lib/testing';
import { DataSource } from 'typeorm';
import { BLOB_PART_BYTES, BlobStore } from './blob-store';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const oid = (n: number) => n.toString(16).padStart(40, '0');

async function* chunks(...parts: Buffer[]): AsyncIterable<Buffer> {
  for (const p of parts) {
    yield await Promise.resolve(p);
  }
}

describe(BlobStore.name, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: BlobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url);
    await ds.initialize();
    store = new BlobStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('should store a streamed blob in parts and read it back with its sha256', async () => {
    const big = Buffer.alloc(BLOB_PART_BYTES + 10, 7);
    const meta = await store.put(oid(1), chunks(big.subarray(0, 1000), big.subarray(1000)));
    expect(meta).toEqual({ oid: oid(1), size: big.length, sha256: sha256(big) });
    expect(await store.readAll(oid(1))).toEqual(big);
    const parts = await ds.query('SELECT count(*)::int AS n FROM blob_parts WHERE oid = $1', [oid(1)]);
    expect(parts[0].n).toBe(2);
  });

  it('should store a batch of small blobs, each readable with the same metadata as put() gives', async () => {
    const blobs = [10, 11, 12].map((n) => ({ oid: oid(n), data: Buffer.from(`content ${n}\n`) }));
    await store.putMany(blobs);
    for (const b of blobs) {
      expect(await store.meta(b.oid)).toEqual({ oid: b.oid, size: b.data.length, sha256: sha256(b.data) });
      expect(await store.readAll(b.oid)).toEqual(b.data);
    }
    expect(await store.existing([oid(10), oid(11), oid(12), oid(13)])).toEqual(
      new Set([oid(10), oid(11), oid(12)]),
    );
  });

  it('should keep binary bytes (NUL, invalid UTF-8) and empty blobs exactly', async () => {
    const binary = Buffer.from([0, 0xff, 0xfe, 0x80, 0, 1, 2]);
    await store.putMany([
      { oid: oid(20), data: binary },
      { oid: oid(21), data: Buffer.alloc(0) },
    ]);
    expect(await store.readAll(oid(20))).toEqual(binary);
    expect(await store.readAll(oid(21))).toEqual(Buffer.alloc(0));
    expect(await store.meta(oid(21))).toEqual({ oid: oid(21), size: 0, sha256: sha256(Buffer.alloc(0)) });
  });

  it('should leave blobs already stored untouched and accept duplicates within a batch', async () => {
    const first = Buffer.from('first version\n');
    await store.putMany([{ oid: oid(30), data: first }]);
    // Content addressing: the same id never changes bytes, so a second write must not add or replace parts.
    await store.putMany([
      { oid: oid(30), data: Buffer.from('ignored\n') },
      { oid: oid(31), data: Buffer.from('new\n') },
      { oid: oid(31), data: Buffer.from('new\n') },
    ]);
    expect(await store.readAll(oid(30))).toEqual(first);
    expect(await store.readAll(oid(31))).toEqual(Buffer.from('new\n'));
    const parts = await ds.query('SELECT count(*)::int AS n FROM blob_parts WHERE oid = ANY($1)', [
      [oid(30), oid(31)],
    ]);
    expect(parts[0].n).toBe(2);
  });

  it('should store more blobs than one statement takes', async () => {
    const blobs = Array.from({ length: 2500 }, (_, i) => ({
      oid: oid(100_000 + i),
      data: Buffer.from(`f${i}`),
    }));
    await store.putMany(blobs);
    expect((await store.existing(blobs.map((b) => b.oid))).size).toBe(2500);
    expect(await store.readAll(oid(100_000 + 2499))).toEqual(Buffer.from('f2499'));
  });

  it('should run concurrent overlapping batches without deadlock or duplicates', async () => {
    const a = Array.from({ length: 200 }, (_, i) => ({ oid: oid(200_000 + i), data: Buffer.from(`a${i}`) }));
    await Promise.all([store.putMany(a), store.putMany([...a].reverse())]);
    const parts = await ds.query('SELECT count(*)::int AS n FROM blob_parts WHERE oid = ANY($1)', [
      a.map((b) => b.oid),
    ]);
    expect(parts[0].n).toBe(200);
  });

  it('should compress stored contents with lz4 when the server supports it', async () => {
    const [{ lz4 }] = await ds.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    const text = Buffer.from('a compressible line of text\n'.repeat(4000));
    await store.putMany([{ oid: oid(50), data: text }]);
    const [row] = await ds.query(
      'SELECT pg_column_compression(data) AS method FROM blob_parts WHERE oid = $1 AND part = 0',
      [oid(50)],
    );
    expect(row.method).toBe(lz4 ? 'lz4' : 'pglz');
    expect(await store.readAll(oid(50))).toEqual(text);
  });

  it('should refuse a blob larger than one part and store nothing of that batch', async () => {
    await expect(
      store.putMany([
        { oid: oid(40), data: Buffer.from('small') },
        { oid: oid(41), data: Buffer.alloc(BLOB_PART_BYTES + 1) },
      ]),
    ).rejects.toThrow(/larger than one part/);
    expect(await store.existing([oid(40), oid(41)])).toEqual(new Set());
  });
});
