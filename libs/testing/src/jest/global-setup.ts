import type { GlobalConfig, ProjectConfig } from 'jest';
import { execFileSync } from 'node:child_process';
import Module from 'node:module';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/**
 * Jest runs globalSetup outside its module system, so moduleNameMapper does not apply: resolve `@lib/<name>` here
 * the same way tsconfig's paths do before loading anything that imports a lib.
 */
function resolveAliases(): void {
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    const m = /^@(lib|app)\/([a-z0-9-]+)$/.exec(request);
    const target = m ? resolve(ROOT, m[1] === 'lib' ? 'libs' : 'apps', m[2], 'src') : request;
    return original.call(this, target, ...rest);
  };
}

/**
 * The admin UI's e2e tests drive Chromium: install it when missing (as root). When that cannot be done the run
 * goes on and those tests fail with the reason (test/e2e/support/browser.ts), the other e2e tests still run.
 */
function ensureBrowser(): void {
  try {
    execFileSync('bash', [resolve(ROOT, 'scripts', 'ensure-browser.sh')], { stdio: 'inherit' });
  } catch {
    console.warn('[browser] Chromium is not available: the admin UI browser tests will fail');
  }
}

/**
 * Integration and e2e tests run on the real services: start them if needed, migrate the template database once;
 * the e2e project also needs a browser.
 */
export default async function globalSetup(
  _globalConfig: GlobalConfig,
  projectConfig: ProjectConfig,
): Promise<void> {
  execFileSync('bash', [resolve(ROOT, 'scripts', 'services.sh')], { stdio: 'inherit' });
  if (projectConfig.displayName?.name === 'e2e') {
    ensureBrowser();
  }
  resolveAliases();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the alias hook is in place
  const { ensureTemplateDatabase } = require('../test-database') as typeof import('../test-database');
  await ensureTemplateDatabase();
}
