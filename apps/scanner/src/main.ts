import { runMain } from '@lib/platform';
import { ScannerModule } from './scanner.module';

runMain('scanner', () => [ScannerModule]);
