import { runMain } from '@lib/platform';
import { RegistryModule } from './registry.module';

runMain('registry', () => [RegistryModule]);
