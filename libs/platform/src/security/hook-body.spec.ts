import type { IncomingMessage } from 'node:http';
import { isHookPath, isHookRequest } from './hook-body';

describe('isHookPath', () => {
  it.each([
    ['/hooks/github', true],
    ['/hooks/gitlab?x=1', true],
    ['/hooks', true],
    ['/hooksmith', false],
    ['/api/hooks/github', false],
    ['/admin/api/apps/onboard', false],
    [undefined, false],
  ])('should answer %s → %p', (url, expected) => {
    expect(isHookPath(url)).toBe(expected);
    expect(isHookRequest({ url } as IncomingMessage)).toBe(expected);
  });
});
