import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docoraVersion, processStartedAt } from './build-info';

describe('docoraVersion', () => {
  it("should be the root package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(docoraVersion()).toBe(pkg.version);
  });
});

describe('processStartedAt', () => {
  it('should be an ISO time no later than now', () => {
    const started = processStartedAt();
    expect(new Date(started).toISOString()).toBe(started);
    expect(Date.parse(started)).toBeLessThanOrEqual(Date.now());
    expect(processStartedAt()).toBe(started);
  });
});
