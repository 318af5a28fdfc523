import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, waitUntil } from '@lib/testing';
import { pathOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const OK = { status: 200, body: '{"ok":true}' };
const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, '0')}.md`;

/** Messages for one repository, in arrival order. */
const forRepo = (hooks: ReceivedWebhook[], repositoryId: string) =>
  hooks.filter(
    (h) => (h.body as { repository: { repository_id: string } }).repository.repository_id === repositoryId,
  );

/**
 * SPEC §1.2 and §9 with two notifier processes: lanes are leased disjointly (no webhook sent twice, order kept per
 * app and repository), and a notifier killed mid-request loses nothing (only that request is sent again).
 */
describe('Delivery with two notifier replicas (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'separate' });
    await env.docora.addReplica('notifier');
    app = await env.onboardApp('Replicated');
  }, 180_000);

  useEnvHooks(() => env);

  /** Waits until every delivery of the app is recorded as delivered. */
  const allDelivered = () =>
    waitUntil(
      async () =>
        (
          await env.query(`SELECT 1 FROM deliveries WHERE app_id = $1 AND status <> 'delivered'`, [
            app.app_id,
          ])
        ).length === 0,
      { timeoutMs: 30_000 },
    );

  it('should deliver many changes over several lanes once each, in order per repository', async () => {
    const repos: { id: string; expected: string[] }[] = [];
    for (const r of ['one', 'two', 'three']) {
      const repo = await env.github.createRepo(`acme/${r}`);
      const files = Object.fromEntries(
        Array.from({ length: 80 }, (_, i) => [name(`${r}/f`, i), `${r} ${i}\n`]),
      );
      await repo.commit(files);
      const id = await watch(env, app, `acme/${r}`);
      // Then: 5 deletes and 10 updates (deletes first, then updates, each by path).
      await app.receiver.waitFor((all) => forRepo(all, id).length === 80, 60_000);
      const change: Record<string, string | null> = {};
      for (let i = 0; i < 5; i++) {
        change[name(`${r}/f`, 70 + i)] = null;
      }
      for (let i = 0; i < 10; i++) {
        change[name(`${r}/f`, i * 3)] = `${r} ${i} v2\n`;
      }
      await repo.commit(change);
      repos.push({
        id,
        expected: [
          ...Object.keys(files).map((p) => `create ${p}`),
          ...Array.from({ length: 5 }, (_, i) => `delete ${name(`${r}/f`, 70 + i)}`),
          ...Array.from({ length: 10 }, (_, i) => `update ${name(`${r}/f`, i * 3)}`),
        ],
      });
    }
    const total = repos.reduce((n, r) => n + r.expected.length, 0);
    const hooks = await app.receiver.waitForCount(total, 90_000);

    const ids = hooks.map((h) => h.headers['webhook-id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of repos) {
      expect(forRepo(hooks, r.id).map((h) => `${h.event} ${pathOf(h)}`)).toEqual(r.expected);
    }
    await allDelivered();
    expect(app.receiver.received).toHaveLength(total);
  }, 300_000); // 255 webhooks through five processes: minutes on a loaded 2-core machine

  it('should lose nothing when the notifiers are killed -9 mid-request: only that request is sent again', async () => {
    app.receiver.clear();
    const repo = await env.github.createRepo('acme/crash');
    const paths = Array.from({ length: 20 }, (_, i) => name('c', i));
    await repo.commit(Object.fromEntries(paths.map((p) => [p, `${p}\n`])));
    let held = false;
    app.receiver.setResponder((r) =>
      pathOf(r) === paths[5] && !held ? ((held = true), { ...OK, delayMs: 120_000 }) : OK,
    );
    await watch(env, app, 'acme/crash');
    await waitUntil(() => held && app.receiver.inFlight === 1, { timeoutMs: 60_000 });

    // Whichever replica holds the request dies with it.
    await env.docora.kill('notifier');
    await env.docora.kill('notifier#2');
    await waitUntil(() => app.receiver.inFlight === 0, { timeoutMs: 10_000 });
    expect(app.receiver.received.map(pathOf)).toEqual(paths.slice(0, 6));
    await env.docora.restart('notifier');

    const hooks = await app.receiver.waitForCount(paths.length + 1, 60_000);
    expect(hooks.map(pathOf)).toEqual([...paths.slice(0, 6), ...paths.slice(5)]);
    expect(hooks[6].headers['webhook-id']).toBe(hooks[5].headers['webhook-id']);
    await allDelivered();
    expect(app.receiver.received).toHaveLength(paths.length + 1);
  }, 240_000);
});
