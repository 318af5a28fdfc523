import { Type } from '@nestjs/common';
import { DiffModule } from '@app/diff';
import { GatewayModule } from '@app/gateway';
import { NotifierModule } from '@app/notifier';
import { RegistryModule } from '@app/registry';
import { ScannerModule } from '@app/scanner';
import { resolveApps } from './select-apps';
import { runMain } from '@lib/platform';

const MODULES: Record<string, Type> = {
  gateway: GatewayModule,
  registry: RegistryModule,
  scanner: ScannerModule,
  diff: DiffModule,
  notifier: NotifierModule,
};

/**
 * One entry point for every run mode: `node dist/apps/docora/src/main.js [all|gateway,notifier,...]` (or
 * DOCORA_APPS). Default: all five apps in one process. The Docker image uses this with one app per container.
 */
const names = resolveApps(process.argv[2] ?? process.env.DOCORA_APPS, Object.keys(MODULES));
runMain(
  names.length === 5 ? 'docora' : names.join('+'),
  () => names.map((n) => MODULES[n]),
  ({ url }) => {
    console.log(`Docora (${names.join(', ')}) is up:`);
    if (names.includes('gateway')) {
      console.log(`  API         ${url}/api/repositories`);
      console.log(`  Admin API   ${url}/admin/api`);
    }
    console.log(`  Health      ${url}/health/ready`);
  },
);
