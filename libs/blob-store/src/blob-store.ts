import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Parts are this big: a writer or reader holds at most one part of a file in memory at a time. */
export const BLOB_PART_BYTES = 1024 * 1024;
/** Small blobs are written together, up to this many bytes or blobs per transaction (one round trip each). */
const BATCH_BYTES = 8 * 1024 * 1024;
const BATCH_BLOBS = 5000;
const PARTS_PER_STATEMENT = 500;

export interface BlobMeta {
  oid: string;
  size: number;
}

/** A blob to store: its id, its size as git reports it, and a way to read its bytes. */
export interface BlobSource {
  oid: string;
  size: number;
  open(): Promise<AsyncIterable<Buffer | string> | Iterable<Buffer | string>>;
}

interface PendingBlob {
  oid: string;
  size: number;
  parts: Buffer[];
}

/**
 * Content-addressed file contents in PostgreSQL, keyed by git blob id: the scanner writes, the notifier reads,
 * no shared filesystem and no git needed to read. A blob row becomes visible with all its parts (one transaction).
 * Unreferenced blobs are removed by BlobGarbageCollector; `claim` is how a writer keeps a blob it reuses alive.
 */
@Injectable()
export class BlobStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Which of these blobs are already stored (deduplication across commits and repositories). The caller is about
   * to reference them: their garbage-collection marks are cleared first, so none of them can be collected for a
   * whole grace period from now, however long the caller takes to record its reference.
   */
  async claim(oids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < oids.length; i += 5000) {
      const batch = oids.slice(i, i + 5000);
      // Clear before reading: a blob collected in between is simply reported missing and stored again.
      await this.ds.query(
        'UPDATE blobs SET orphaned_at = NULL WHERE oid = ANY($1) AND orphaned_at IS NOT NULL',
        [batch],
      );
      const rows: { oid: string }[] = await this.ds.query('SELECT oid FROM blobs WHERE oid = ANY($1)', [
        batch,
      ]);
      for (const r of rows) {
        found.add(r.oid);
      }
    }
    return found;
  }

  /**
   * Stores blobs in as few transactions as their sizes allow: small ones in batches (BATCH_BYTES / BATCH_BLOBS),
   * a big one streamed part by part in a transaction of its own. Sources are read one at a time, in order. A blob
   * someone else stored meanwhile is left as it is (same id, same bytes).
   */
  async putAll(sources: Iterable<BlobSource>): Promise<void> {
    let batch: PendingBlob[] = [];
    let batchBytes = 0;
    for (const source of sources) {
      if (source.size > BLOB_PART_BYTES) {
        await this.putLarge(source);
        continue;
      }
      const parts: Buffer[] = [];
      for await (const chunk of await source.open()) {
        parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      }
      const blob = { oid: source.oid, size: source.size, parts: [Buffer.concat(parts)] };
      checkSize(blob.oid, source.size, blob.parts[0].length);
      batch.push(blob);
      batchBytes += blob.size;
      if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_BLOBS) {
        await this.writeBatch(batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) {
      await this.writeBatch(batch);
    }
  }

  async meta(oid: string): Promise<BlobMeta | null> {
    return this.metaOrNull(this.ds.manager, oid);
  }

  async metaMany(oids: string[]): Promise<Map<string, BlobMeta>> {
    const found = new Map<string, BlobMeta>();
    if (oids.length === 0) {
      return found;
    }
    const rows: { oid: string; size: string }[] = await this.ds.query(
      'SELECT oid, size FROM blobs WHERE oid = ANY($1)',
      [[...new Set(oids)]],
    );
    for (const r of rows) {
      found.set(r.oid, { oid: r.oid, size: Number(r.size) });
    }
    return found;
  }

  /** Contents of the single-part blobs among `oids`, in one round trip (a lane prefetching its next files). */
  async readSmall(oids: string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (oids.length === 0) {
      return found;
    }
    const rows: { oid: string; data: Buffer }[] = await this.ds.query(
      `SELECT p.oid, p.data FROM blob_parts p JOIN blobs b ON b.oid = p.oid
        WHERE p.oid = ANY($1) AND p.part = 0 AND b.size <= $2`,
      [[...new Set(oids)], BLOB_PART_BYTES],
    );
    for (const r of rows) {
      found.set(r.oid, r.data);
    }
    return found;
  }

  /** Reads a blob part by part (bounded memory). */
  async *read(oid: string): AsyncIterable<Buffer> {
    for (let part = 0; ; part++) {
      const rows: { data: Buffer }[] = await this.ds.query(
        'SELECT data FROM blob_parts WHERE oid = $1 AND part = $2',
        [oid, part],
      );
      if (!rows.length) {
        return;
      }
      yield rows[0].data;
    }
  }

  async readAll(oid: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of this.read(oid)) {
      parts.push(p);
    }
    return Buffer.concat(parts);
  }

  private async writeBatch(batch: PendingBlob[]): Promise<void> {
    await this.ds.transaction(async (em) => {
      const inserted = await this.insertRows(em, batch);
      const rows = batch.filter((b) => inserted.has(b.oid) && b.size > 0);
      // An empty blob has no parts: read() yields nothing. Contents go as one parameter each, which node-postgres
      // sends in binary; inside an array (unnest) each would be hex-encoded text, twice the bytes and far slower.
      for (let i = 0; i < rows.length; i += PARTS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + PARTS_PER_STATEMENT);
        await em.query(
          `INSERT INTO blob_parts (oid, part, data) VALUES ${chunk.map((_, k) => `($${2 * k + 1}, 0, $${2 * k + 2})`).join(', ')}`,
          chunk.flatMap((b) => [b.oid, b.parts[0]]),
        );
      }
    });
  }

  private async putLarge(source: BlobSource): Promise<void> {
    await this.ds.transaction(async (em) => {
      if (!(await this.insertRows(em, [source])).has(source.oid)) {
        return;
      }
      checkSize(source.oid, source.size, await this.writeParts(em, source.oid, await source.open()));
    });
  }

  /** Inserts blob rows; returns the ids this transaction inserted (the others exist already). */
  private async insertRows(em: EntityManager, blobs: { oid: string; size: number }[]): Promise<Set<string>> {
    const rows: { oid: string }[] = await em.query(
      `INSERT INTO blobs (oid, size) SELECT * FROM unnest($1::char(40)[], $2::bigint[])
       ON CONFLICT (oid) DO NOTHING RETURNING oid`,
      [blobs.map((b) => b.oid), blobs.map((b) => b.size)],
    );
    return new Set(rows.map((r) => r.oid));
  }

  /** Streams content into parts of BLOB_PART_BYTES; returns the number of bytes. */
  private async writeParts(
    em: EntityManager,
    oid: string,
    content: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  ) {
    let size = 0;
    let part = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= BLOB_PART_BYTES || (all && pendingBytes > 0)) {
        const buf = Buffer.concat(pending);
        const take = Math.min(BLOB_PART_BYTES, buf.length);
        await em.query('INSERT INTO blob_parts (oid, part, data) VALUES ($1, $2, $3)', [
          oid,
          part++,
          buf.subarray(0, take),
        ]);
        pending = take < buf.length ? [buf.subarray(take)] : [];
        pendingBytes = buf.length - take;
      }
    };
    for await (const chunk of content) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= BLOB_PART_BYTES) {
        await flush(false);
      }
    }
    await flush(true);
    return size;
  }

  private async metaOrNull(em: EntityManager, oid: string): Promise<BlobMeta | null> {
    const rows: { oid: string; size: string }[] = await em.query(
      'SELECT oid, size FROM blobs WHERE oid = $1',
      [oid],
    );
    return rows.length ? { oid: rows[0].oid, size: Number(rows[0].size) } : null;
  }
}

/** The bytes read must be the size git reported; anything else is a corrupt cache (the transaction rolls back). */
function checkSize(oid: string, expected: number, actual: number): void {
  if (expected !== actual) {
    throw new Error(`blob ${oid}: read ${actual} bytes, git reported ${expected}`);
  }
}
