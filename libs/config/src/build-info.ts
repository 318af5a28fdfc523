import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let version: string | undefined;

/**
 * Docora's version from the root package.json, found by walking up from this file: the same code runs from the
 * sources (tests) and from dist/ (production), which sit at different depths. Read once per process.
 */
export function docoraVersion(): string {
  if (version === undefined) {
    version = findVersion(__dirname) ?? '0.0.0';
  }
  return version;
}

function findVersion(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'docora' && pkg.version) {
        return pkg.version;
      }
    }
    if (dirname(dir) === dir) {
      return undefined;
    }
  }
}

/** When this process started (the BUILD_DATE default, as v1 reported for local builds). */
export function processStartedAt(): string {
  return new Date(Math.round(performance.timeOrigin)).toISOString();
}
