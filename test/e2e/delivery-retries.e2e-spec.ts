import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { attemptsOf, pathOf, verifyWithStandardWebhooks, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const OK = { status: 200, body: '{"ok":true}' };
/** DocoraTestEnv's DELIVERY_RETRY_SCHEDULE (200ms,400ms,800ms,...): the jitter is ±20 %. */
const SCHEDULE_MS = [200, 400, 800];

/** SPEC §4.3 on real processes: backoff with jitter, stable delivery id, Retry-After, the attempt log. */
describe('Delivery retries (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;
  let repo: TestRepo;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
    app = await env.onboardApp('Retries');
    repo = await env.github.createRepo('acme/retries');
    await repo.commit({ 'a.md': 'a\n', 'b.md': 'b\n', 'c.md': 'c\n' });
  }, 120_000);

  useEnvHooks(() => env);

  it('should retry a failing webhook with the same id and attempts 1..4, re-sending nothing acknowledged', async () => {
    let failures = 0;
    app.receiver.setResponder((r) =>
      pathOf(r) === 'b.md' && failures++ < 3 ? { status: 500, body: 'boom' } : OK,
    );
    await watch(env, app, 'acme/retries');
    const hooks = await app.receiver.waitForCount(6, 30_000);

    expect(hooks.map(pathOf)).toEqual(['a.md', 'b.md', 'b.md', 'b.md', 'b.md', 'c.md']);
    const b = hooks.filter((h) => pathOf(h) === 'b.md');
    expect(b.map((h) => h.headers['x-docora-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(b.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(b.every((h) => h.headers['x-docora-delivery'] === h.headers['webhook-id'])).toBe(true);
    expect(hooks.filter((h) => pathOf(h) !== 'b.md').map((h) => h.headers['x-docora-attempt'])).toEqual([
      '1',
      '1',
    ]);
    for (const h of hooks) {
      expect(h.signatureValid).toBe(true);
      expect(() => verifyWithStandardWebhooks(app.key, h)).not.toThrow();
    }
    // Each retry waited for its scheduled delay, less at most the 20 % jitter.
    for (let i = 1; i < b.length; i++) {
      expect(b[i].receivedAt - b[i - 1].receivedAt).toBeGreaterThanOrEqual(SCHEDULE_MS[i - 1] * 0.8);
    }

    await waitUntil(
      async () =>
        (await env.query(`SELECT 1 FROM deliveries WHERE app_id = $1 AND status = 'pending'`, [app.app_id]))
          .length === 0,
      { timeoutMs: 30_000 },
    );
    const attempts = await attemptsOf(env, app);
    expect(
      attempts.map((a) => [a.path, a.attempt, a.success, a.status_code, a.response_excerpt, a.error]),
    ).toEqual([
      ['a.md', 1, true, 200, '{"ok":true}', null],
      ['b.md', 1, false, 500, 'boom', 'HTTP 500'],
      ['b.md', 2, false, 500, 'boom', 'HTTP 500'],
      ['b.md', 3, false, 500, 'boom', 'HTTP 500'],
      ['b.md', 4, true, 200, '{"ok":true}', null],
      ['c.md', 1, true, 200, '{"ok":true}', null],
    ]);
    expect(attempts.filter((a) => a.path === 'b.md').map((a) => a.webhook_id)).toEqual(
      b.map((h) => h.headers['webhook-id']),
    );
    expect(attempts.every((a) => a.duration_ms >= 0 && a.started_at instanceof Date)).toBe(true);
    const summary = await env.query<{
      path: string;
      status: string;
      attempts: number;
      last_status_code: number;
    }>(`SELECT path, status, attempts, last_status_code FROM deliveries WHERE app_id = $1 ORDER BY seq`, [
      app.app_id,
    ]);
    expect(summary).toEqual([
      { path: 'a.md', status: 'delivered', attempts: 1, last_status_code: 200 },
      { path: 'b.md', status: 'delivered', attempts: 4, last_status_code: 200 },
      { path: 'c.md', status: 'delivered', attempts: 1, last_status_code: 200 },
    ]);
    expect(app.receiver.received).toHaveLength(6);
  });

  it('should wait as long as a 429 Retry-After asks before the next attempt', async () => {
    app.receiver.clear();
    let limited = false;
    app.receiver.setResponder((r) => {
      if (pathOf(r) === 'd.md' && !limited) {
        limited = true;
        return { status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' };
      }
      return OK;
    });
    await repo.commit({ 'd.md': 'd\n' });
    const [first, second] = await app.receiver.waitForCount(2, 30_000);

    expect([pathOf(first), first.status, pathOf(second), second.status]).toEqual(['d.md', 429, 'd.md', 200]);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.headers['x-docora-attempt']).toBe('2');
    // The schedule alone would have retried after 160–240 ms.
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(1000);
    await waitUntil(async () => (await attemptsOf(env, app)).some((a) => a.path === 'd.md' && a.success), {
      timeoutMs: 30_000,
    });
    const d = (await attemptsOf(env, app)).filter((a) => a.path === 'd.md');
    expect(d.map((a) => [a.attempt, a.status_code, a.response_excerpt])).toEqual([
      [1, 429, 'slow down'],
      [2, 200, '{"ok":true}'],
    ]);
  });

  it('should treat a redirect as a failure and never follow it', async () => {
    app.receiver.clear();
    let redirected = false;
    app.receiver.setResponder((r) => {
      if (pathOf(r) === 'e.md' && !redirected) {
        redirected = true;
        return { status: 307, headers: { Location: `${app.receiver.url}/elsewhere` } };
      }
      return OK;
    });
    await repo.commit({ 'e.md': 'e\n' });
    const hooks = await app.receiver.waitForCount(2, 30_000);

    expect(hooks.map((h) => [h.path, h.status, h.headers['x-docora-attempt']])).toEqual([
      ['/hooks/create', 307, '1'],
      ['/hooks/create', 200, '2'],
    ]);
    await waitUntil(async () => (await attemptsOf(env, app)).some((a) => a.path === 'e.md' && a.success), {
      timeoutMs: 30_000,
    });
    const e = (await attemptsOf(env, app)).filter((a) => a.path === 'e.md');
    expect(e[0]).toMatchObject({
      success: false,
      status_code: 307,
      error: 'HTTP 307: redirects are not followed',
    });
  });
});
