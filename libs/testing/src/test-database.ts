import { runMigrations } from '@lib/database';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** Tests only touch databases whose name contains "test", on this admin URL's server. */
export const TEST_ADMIN_URL =
  process.env.DOCORA_TEST_DATABASE_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const MIGRATIONS_DIR = resolve(__dirname, '..', '..', 'database', 'src', 'migrations');

function urlFor(db: string): string {
  const u = new URL(TEST_ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

/** The template's name changes whenever a migration changes, so stale templates are never reused. */
export function templateDatabaseName(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  }
  return `docora_test_tpl_${h.digest('hex').slice(0, 12)}`;
}

async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: TEST_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Creates and migrates the template once (parallel Jest runs serialise on an advisory lock). */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = templateDatabaseName();
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(424242)');
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) {
        return;
      }
      await c.query(`CREATE DATABASE "${name}_building"`);
      await runMigrations(urlFor(`${name}_building`));
      await c.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
    } catch (e) {
      await c.query(`DROP DATABASE IF EXISTS "${name}_building"`);
      throw e;
    } finally {
      await c.query('SELECT pg_advisory_unlock(424242)');
    }
  });
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database cloned from the template (milliseconds), so test files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const name = `docora_test_${randomBytes(6).toString('hex')}`;
  if (!name.includes('test')) {
    throw new Error('refusing to create a non-test database');
  }
  await withAdmin(async (c) => {
    // Two clones of one template at the same instant can collide ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (e) {
        if (attempt >= 50 || !/being accessed by other users/.test(String(e))) {
          throw e;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    name,
    url: urlFor(name),
    drop: () =>
      withAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

/** A namespace for Redis keys, BullMQ queues and JetStream streams that no other run shares. */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}
