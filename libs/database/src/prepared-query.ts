import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a hot statement as a named prepared statement: PostgreSQL parses and plans it once per pooled connection
 * instead of on every call (node-postgres remembers which connections have it). For statements run once per
 * webhook, planning was half of the round trip. `name` must be unique per `text` across the process.
 */
export async function preparedQuery<T>(
  ds: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const [client, release] = (await (ds.driver as PostgresDriver).obtainMasterConnection()) as [
    PgClient,
    (err?: unknown) => void,
  ];
  try {
    const result = await client.query({ name, text, values });
    release();
    return result.rows as T[];
  } catch (e) {
    release(e); // a connection that failed mid-statement is dropped rather than reused
    throw e;
  }
}
