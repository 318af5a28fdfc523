import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** Parts are this big: a writer or reader holds at most one part of a file in memory at a time. */
export const BLOB_PART_BYTES = 1024 * 1024;

/** Rows per multi-row INSERT in putMany (PostgreSQL allows 65,535 parameters per statement). */
const PARTS_PER_STATEMENT = 1000;

export interface BlobMeta {
  oid: string;
  size: number;
  sha256: string;
}

/**
 * Content-addressed file contents in PostgreSQL, keyed by git blob id: the scanner writes, the notifier reads,
 * no shared filesystem and no git needed to read. A blob row becomes visible with all its parts (one transaction).
 */
@Injectable()
export class BlobStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Which of these blobs are already stored (deduplication across commits and repositories). */
  async existing(oids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < oids.length; i += 5000) {
      const rows: { oid: string }[] = await this.ds.query('SELECT oid FROM blobs WHERE oid = ANY($1)', [
        oids.slice(i, i + 5000),
      ]);
      for (const r of rows) {
        found.add(r.oid);
      }
    }
    return found;
  }

  /** Streams content into parts, hashing as it goes. A concurrent writer of the same blob is harmless. */
  async put(oid: string, content: AsyncIterable<Buffer | string>): Promise<BlobMeta> {
    return this.ds.transaction(async (em) => {
      const hash = createHash('sha256');
      let size = 0;
      let part = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const inserted = await em.query<{ oid: string }[]>(
        `INSERT INTO blobs (oid, size, sha256) VALUES ($1, 0, '') ON CONFLICT (oid) DO NOTHING RETURNING oid`,
        [oid],
      );
      if (!inserted.length) {
        return this.metaOrThrow(em, oid);
      }
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
        hash.update(b);
        size += b.length;
        pending.push(b);
        pendingBytes += b.length;
        if (pendingBytes >= BLOB_PART_BYTES) {
          await flush(false);
        }
      }
      await flush(true);
      const sha256 = hash.digest('hex');
      await em.query('UPDATE blobs SET size = $2, sha256 = $3 WHERE oid = $1', [oid, size, sha256]);
      return { oid, size, sha256 };
    });
  }

  /**
   * Stores many small blobs (each at most one part) in one transaction of two statements, where put() costs five
   * round trips per blob: the first import of a 20,000-file repository is dominated by those round trips.
   * Blobs already stored are left as they are. Callers bound the batch (count and bytes) to bound memory.
   */
  async putMany(blobs: Array<{ oid: string; data: Buffer }>): Promise<void> {
    // Sorted, so two concurrent batches lock shared rows in the same order (no deadlock).
    const unique = [...new Map(blobs.map((b) => [b.oid, b])).values()].sort((a, b) =>
      a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0,
    );
    const tooLarge = unique.find((b) => b.data.length > BLOB_PART_BYTES);
    if (tooLarge) {
      throw new Error(`blob ${tooLarge.oid} is larger than one part: use put()`);
    }
    if (!unique.length) {
      return;
    }
    await this.ds.transaction(async (em) => {
      const inserted = await em.query<{ oid: string }[]>(
        `INSERT INTO blobs (oid, size, sha256) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
         ON CONFLICT (oid) DO NOTHING RETURNING oid`,
        [
          unique.map((b) => b.oid),
          unique.map((b) => b.data.length),
          unique.map((b) => createHash('sha256').update(b.data).digest('hex')),
        ],
      );
      const fresh = new Set(inserted.map((r) => r.oid));
      // An empty blob has no part, as with put(). Buffers go as binary parameters (no hex text doubling).
      const parts = unique.filter((b) => fresh.has(b.oid) && b.data.length > 0);
      for (let i = 0; i < parts.length; i += PARTS_PER_STATEMENT) {
        const slice = parts.slice(i, i + PARTS_PER_STATEMENT);
        await em.query(
          `INSERT INTO blob_parts (oid, part, data) VALUES ${slice.map((_, k) => `($${2 * k + 1}, 0, $${2 * k + 2})`).join(', ')}`,
          slice.flatMap((b) => [b.oid, b.data]),
        );
      }
    });
  }

  async meta(oid: string): Promise<BlobMeta | null> {
    return this.metaOrNull(this.ds.manager, oid);
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

  private async metaOrNull(em: EntityManager, oid: string): Promise<BlobMeta | null> {
    const rows: { oid: string; size: string; sha256: string }[] = await em.query(
      'SELECT oid, size, sha256 FROM blobs WHERE oid = $1',
      [oid],
    );
    return rows.length ? { oid: rows[0].oid, size: Number(rows[0].size), sha256: rows[0].sha256 } : null;
  }

  private async metaOrThrow(em: EntityManager, oid: string): Promise<BlobMeta> {
    const m = await this.metaOrNull(em, oid);
    if (!m) {
      throw new Error(`blob ${oid} vanished`);
    }
    return m;
  }
}
