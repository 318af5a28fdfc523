import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { Pool } from 'pg';

/** Longer than any single scan can hold the lock (a fetch is bounded by the git engine's 10-minute timeout). */
export const LOCK_WAIT_MS = 15 * 60_000;

const LOCK_NOT_AVAILABLE = '55P03';

export class RepositoryBusyError extends Error {
  constructor(repositoryId: string) {
    super(`repository ${repositoryId} stayed locked by another scan for ${LOCK_WAIT_MS} ms`);
  }
}

/** Proof of holding a repository's lock; `assertHeld` before committing work done under it. */
export interface RepositoryLease {
  assertHeld(): Promise<void>;
}

/**
 * The cross-process lock per repository: a PostgreSQL session advisory lock, held on a connection of its own for
 * the whole fetch → diff → store → record sequence. Two scanner replicas (or two jobs of one replica, e.g. two
 * branches of one repository sharing a git cache) never work on the same repository at once. A replica that dies
 * loses its connection and so its lock at once: no lease to expire, nothing to renew. Locks live on a small pool
 * apart from TypeORM's, so jobs waiting for a lock can never starve the queries of the job holding it.
 */
@Injectable()
export class RepositoryLock implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(DOCORA_CONFIG) private readonly config: DocoraConfig) {
    this.pool = new Pool({
      connectionString: config.db.url,
      // One per concurrent scan, one for maintenance (forgetting a repository, garbage collection).
      max: config.scan.concurrency + 1,
      idleTimeoutMillis: 10_000,
      application_name: 'docora-scanner-lock',
    });
    this.pool.on('error', () => undefined); // an idle client lost: the pool replaces it
  }

  /** Runs `fn` holding the repository's lock, waiting for another holder up to LOCK_WAIT_MS. */
  async withLock<T>(repositoryId: string, fn: (lease: RepositoryLease) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let lost: Error | undefined;
    const onError = (e: Error) => (lost = e);
    client.on('error', onError);
    const key = this.key(repositoryId);
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${LOCK_WAIT_MS}ms`]);
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (e) {
      client.off('error', onError);
      client.release(true);
      throw (e as { code?: string }).code === LOCK_NOT_AVAILABLE ? new RepositoryBusyError(repositoryId) : e;
    }
    const lease: RepositoryLease = {
      assertHeld: async () => {
        // On a lost connection PostgreSQL has already released the lock: another scan may be running.
        const { rows } = await client.query<{ held: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted) AS held`,
        );
        if (lost || !rows[0]?.held) {
          throw new Error(`lost the lock of repository ${repositoryId}`);
        }
      },
    };
    try {
      return await fn(lease);
    } finally {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        client.off('error', onError);
        client.release(lost ?? false);
      } catch (e) {
        // Ending the session releases whatever it held.
        client.off('error', onError);
        client.release(e as Error);
      }
    }
  }

  /** Namespaced: several Docora instances may share one database server. */
  private key(repositoryId: string): string {
    return `docora:scan:${this.config.namespace}:${repositoryId}`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
