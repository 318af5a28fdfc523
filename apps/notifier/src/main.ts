import { runMain } from '@lib/platform';
import { NotifierModule } from './notifier.module';

runMain('notifier', () => [NotifierModule]);
