import { runMain } from '@lib/platform';
import { GatewayModule } from './gateway.module';

runMain('gateway', () => [GatewayModule]);
