import { runMain } from '@lib/platform';
import { DiffModule } from './diff.module';

runMain('diff', () => [DiffModule]);
