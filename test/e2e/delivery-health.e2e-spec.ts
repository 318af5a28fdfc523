import { DocoraTestEnv, OnboardedApp, waitUntil } from '@lib/testing';
import { attemptsOf, pathOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const OK = { status: 200, body: '{"ok":true}' };
const COOLDOWN_MS = 1500;
const UNKNOWN_APP = 'app_000000000000000000000000';

/**
 * SPEC §3 and §4.3 on real processes: 410 Gone pauses an app until an admin resumes it, admin pause/resume, the
 * per-app endpoint circuit breaker (open after N failures, one probe per cooldown, success resumes everything),
 * and a hanging endpoint that cannot take the delivery capacity of a healthy app.
 */
describe('Endpoint health, pause and isolation (e2e)', () => {
  let env: DocoraTestEnv;
  /** Watches every repository a test creates, unpaused and healthy: proof that the notifier did its work. */
  let canary: OnboardedApp;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        ENDPOINT_BREAKER_THRESHOLD: '3',
        ENDPOINT_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
        DELIVERY_CONCURRENCY: '4',
        DELIVERY_CONCURRENCY_PER_APP: '2',
      },
    });
    canary = await env.onboardApp('Canary');
  }, 120_000);

  useEnvHooks(() => env);

  const detail = async (app: OnboardedApp) =>
    (await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).body.data;
  const canaryGot = (path: string) =>
    canary.receiver.waitFor((all) => all.some((h) => pathOf(h) === path), 30_000);

  it('should pause an app at once on 410 Gone and deliver everything queued, in order, on resume', async () => {
    const app = await env.onboardApp('Gone');
    const repo = await env.github.createRepo('acme/gone');
    await repo.commit({ '1.md': '1\n', '2.md': '2\n', '3.md': '3\n' });
    let first = true;
    app.receiver.setResponder(() => (first ? ((first = false), { status: 410, body: 'gone' }) : OK));
    await watch(env, app, 'acme/gone');
    await watch(env, canary, 'acme/gone');
    await waitUntil(async () => (await detail(app)).deliveries.paused, { timeoutMs: 30_000 });
    expect((await detail(app)).deliveries).toMatchObject({ paused: true, paused_reason: 'gone' });

    // Changes keep accumulating while paused.
    await repo.commit({ '4.md': '4\n' });
    await canaryGot('4.md');
    await waitUntil(async () => (await detail(app)).deliveries.queued_deliveries === 4, {
      timeoutMs: 30_000,
    });
    expect(app.receiver.received.map((h) => [pathOf(h), h.status])).toEqual([['1.md', 410]]);

    const res = await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/resume`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      app_id: app.app_id,
      paused: false,
      paused_reason: null,
      paused_at: null,
    });
    const hooks = await app.receiver.waitForCount(5, 30_000);
    expect(hooks.map((h) => `${pathOf(h)}#${h.headers['x-docora-attempt']}`)).toEqual([
      '1.md#1',
      '1.md#2',
      '2.md#1',
      '3.md#1',
      '4.md#1',
    ]);
    expect(hooks[1].headers['webhook-id']).toBe(hooks[0].headers['webhook-id']);
  });

  it('should hold an app paused by an admin and send everything queued, in order, on resume', async () => {
    const app = await env.onboardApp('Paused');
    const repo = await env.github.createRepo('acme/paused');
    await repo.commit({ 'a.md': 'a\n' });
    await watch(env, app, 'acme/paused');
    await watch(env, canary, 'acme/paused');
    await app.receiver.waitForCount(1, 30_000);

    const paused = await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.data).toEqual({
      app_id: app.app_id,
      paused: true,
      paused_reason: 'admin',
      paused_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      queued_deliveries: 0,
    });
    const again = await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/pause`);
    expect(again.body.data.paused_at).toBe(paused.body.data.paused_at);

    await repo.commit({ 'b.md': 'b\n', 'c.md': 'c\n' });
    await repo.commit({ 'a.md': 'a2\n' });
    await canaryGot('c.md');
    await canary.receiver.waitFor((all) => all.filter((h) => pathOf(h) === 'a.md').length === 2, 30_000);
    await waitUntil(async () => (await detail(app)).deliveries.queued_deliveries === 3, {
      timeoutMs: 30_000,
    });
    expect((await detail(app)).deliveries).toMatchObject({ paused: true, paused_reason: 'admin' });
    expect(app.receiver.received).toHaveLength(1);

    const resumed = await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/resume`);
    expect(resumed.body.data).toMatchObject({ paused: false, paused_reason: null });
    const hooks = await app.receiver.waitForCount(4, 30_000);
    expect(hooks.map((h) => `${h.event} ${pathOf(h)}`)).toEqual([
      'create a.md',
      'create b.md',
      'create c.md',
      'update a.md',
    ]);
  });

  it('should answer 404 for an unknown or malformed app and 401 without a session', async () => {
    for (const route of ['pause', 'resume']) {
      for (const id of [UNKNOWN_APP, 'not-an-app']) {
        const res = await env.adminRequest('POST', `/admin/api/apps/${id}/${route}`);
        expect([res.status, res.body]).toEqual([404, { error: 'App not found', code: 'NOT_FOUND' }]);
      }
      expect((await env.request('POST', `/admin/api/apps/${canary.app_id}/${route}`)).status).toBe(401);
    }
    expect((await detail(canary)).deliveries.paused).toBe(false);
  });

  it('should open the endpoint circuit after 3 failures, probe once per cooldown, and resume on success', async () => {
    const app = await env.onboardApp('Down');
    app.receiver.setResponder(() => ({ status: 500, body: 'down' }));
    const one = await env.github.createRepo('acme/down-one');
    await one.commit({ 'x1.md': 'x1\n', 'x2.md': 'x2\n' });
    await watch(env, app, 'acme/down-one');
    const health = async () =>
      (
        await env.query<{ consecutive_failures: number; opened_at: Date | null }>(
          'SELECT consecutive_failures, opened_at FROM endpoint_health WHERE app_id = $1',
          [app.app_id],
        )
      )[0];
    await waitUntil(async () => Boolean((await health())?.opened_at), { timeoutMs: 30_000 });
    expect((await detail(app)).deliveries).toMatchObject({ endpoint_circuit: 'open' });

    // A second lane of the same app, due while the circuit is open: it waits too.
    const two = await env.github.createRepo('acme/down-two');
    await two.commit({ 'y1.md': 'y1\n' });
    await watch(env, app, 'acme/down-two');
    await waitUntil(async () => (await health()).consecutive_failures >= 5, { timeoutMs: 30_000 });
    const { opened_at: openedAt } = await health();
    const during = (await attemptsOf(env, app)).filter((a) => a.started_at >= openedAt!);
    expect(during.length).toBeGreaterThanOrEqual(2);
    let previous = openedAt!.getTime();
    for (const a of during) {
      expect(a.started_at.getTime() - previous).toBeGreaterThanOrEqual(COOLDOWN_MS);
      previous = a.started_at.getTime();
    }

    app.receiver.setResponder(() => OK);
    await app.receiver.waitFor((all) => all.filter((h) => h.status === 200).length === 3, 30_000);
    const delivered = app.receiver.received.filter((h) => h.status === 200).map(pathOf);
    expect(delivered.filter((p) => p.startsWith('x'))).toEqual(['x1.md', 'x2.md']);
    expect(delivered).toContain('y1.md');
    await waitUntil(async () => (await detail(app)).deliveries.endpoint_circuit === 'closed', {
      timeoutMs: 30_000,
    });
    expect((await detail(app)).deliveries.consecutive_failures).toBe(0);
  });

  it("should keep delivering to a healthy app while another app's endpoint hangs", async () => {
    const hanging = await env.onboardApp('Hanging');
    hanging.receiver.setResponder(() => ({ ...OK, delayMs: 120_000 }));
    // More lanes than the notifier has slots: without a per-app cap they would take every one.
    for (let i = 1; i <= 4; i++) {
      const repo = await env.github.createRepo(`acme/hang-${i}`);
      await repo.commit({ [`h${i}.md`]: `${i}\n` });
      await watch(env, hanging, `acme/hang-${i}`);
    }
    await waitUntil(() => hanging.receiver.inFlight === 2, { timeoutMs: 30_000 });

    const healthy = await env.onboardApp('Healthy');
    const repo = await env.github.createRepo('acme/healthy');
    await repo.commit({ 'ok1.md': '1\n', 'ok2.md': '2\n' });
    await watch(env, healthy, 'acme/healthy');
    const hooks = await healthy.receiver.waitForCount(2, 30_000);

    expect(hooks.map(pathOf)).toEqual(['ok1.md', 'ok2.md']);
    // Still hanging, and never more than its share of the notifier's lanes. (How many it received may exceed two:
    // on a slow machine a held request can reach the 30 s timeout, which frees its slot for the next lane.)
    expect(hanging.receiver.inFlight).toBe(2);

    hanging.receiver.resetResponder();
    hanging.receiver.releaseHeld();
    await hanging.receiver.waitFor((all) => new Set(all.map(pathOf)).size === 4 && all.length >= 4, 30_000);
  });
});
