import { loadConfig } from '@lib/config';
import { createDataSource } from '../data-source';

/** For the TypeORM CLI (migration:generate / migration:show): `-d dist/libs/database/src/cli/cli-data-source.js`. */
export default createDataSource(loadConfig().db.url);
