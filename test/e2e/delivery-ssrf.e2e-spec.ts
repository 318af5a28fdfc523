import { DocoraTestEnv, waitUntil } from '@lib/testing';
import { attemptsOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

/**
 * SPEC §7: the notifier checks the destination again when it sends. Here the registry accepted a local receiver
 * (ALLOW_PRIVATE_URLS=true) but the notifier enforces the production policy: every attempt is refused, with the
 * reason in the attempt log, and nothing reaches the receiver.
 */
describe('SSRF policy at send time (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'separate',
      appEnv: { notifier: { ALLOW_PRIVATE_URLS: 'false' } },
    });
  }, 180_000);

  useEnvHooks(() => env);

  it('should refuse to send to a destination the policy forbids, as a failed attempt', async () => {
    const app = await env.onboardApp('Local');
    const repo = await env.github.createRepo('acme/ssrf');
    await repo.commit({ 'a.md': 'a\n' });
    await watch(env, app, 'acme/ssrf');
    await waitUntil(async () => (await attemptsOf(env, app)).length >= 2, { timeoutMs: 30_000 });

    const attempts = await attemptsOf(env, app);
    expect(attempts.slice(0, 2).map((a) => [a.path, a.attempt, a.success, a.status_code, a.error])).toEqual([
      ['a.md', 1, false, null, 'refused: URL must use HTTPS'],
      ['a.md', 2, false, null, 'refused: URL must use HTTPS'],
    ]);
    expect(app.receiver.received).toHaveLength(0);
  });
});
