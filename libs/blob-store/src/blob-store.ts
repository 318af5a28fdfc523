import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** Parts are this big: a writer or reader holds at most one part of a file in memory at a time. */
export const BLOB_PART_BYTES = 1024 * 1024;

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

  /**
   * Which of these blobs are stored, for a caller about to reference them again (a redelivery). Same contract as
   * the blob garbage collector's `claim`: once claimed, a stored blob stays for the collector's grace period, so
   * the caller has time to commit its reference. (Without a collector, claiming is just looking.)
   */
  claim(oids: string[]): Promise<Set<string>> {
    return this.existing(oids);
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

  async meta(oid: string): Promise<BlobMeta | null> {
    return this.metaOrNull(this.ds.manager, oid);
  }

  /** Metadata of many blobs in one query (the notifier plans a batch of deliveries at once). */
  async metaMany(oids: string[]): Promise<Map<string, BlobMeta>> {
    const found = new Map<string, BlobMeta>();
    if (oids.length === 0) {
      return found;
    }
    const rows: { oid: string; size: string; sha256: string }[] = await this.ds.query(
      'SELECT oid, size, sha256 FROM blobs WHERE oid = ANY($1)',
      [[...new Set(oids)]],
    );
    for (const r of rows) {
      found.set(r.oid, { oid: r.oid, size: Number(r.size), sha256: r.sha256 });
    }
    return found;
  }

  /**
   * Contents of many small blobs (each at most one part) in one query; the caller bounds the total it asks for.
   * A blob that has more than one part, or is missing, is absent from the answer.
   */
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
