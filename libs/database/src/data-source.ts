import { ALL_ENTITIES } from '@lib/entities';
import { DataSource, DataSourceOptions } from 'typeorm';
import { join } from 'node:path';

/** The one data-source definition, shared by the apps, the migration CLI and the tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: [join(__dirname, 'migrations', '*.{js,ts}')],
    migrationsTableName: 'docora_migrations',
    migrationsRun: false,
    synchronize: false,
    // Small pools: five apps may share one process and one PostgreSQL.
    extra: { max: 10 },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
