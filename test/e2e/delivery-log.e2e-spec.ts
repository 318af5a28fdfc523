import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import { pathOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const ITEM_KEYS = [
  'delivery_id',
  'app_id',
  'repository_id',
  'event',
  'path',
  'commit_sha',
  'status',
  'attempts',
  'last_status_code',
  'last_error',
  'created_at',
  'last_attempt_at',
  'next_attempt_at',
  'delivered_at',
].sort();
const FILES = ['f1.md', 'f2.md', 'f3.md', 'f4.md', 'f5.md', 'f6.md'];

/**
 * The delivery log (SPEC §2 GET /api/deliveries, §3 admin log) on real processes: the caller's own deliveries,
 * newest first, filtered and paginated; another app's delivery is a 404; every attempt with its outcome; bad
 * filters are 400s that change nothing.
 */
describe('Delivery log (e2e)', () => {
  let env: DocoraTestEnv;
  let one: OnboardedApp;
  let two: OnboardedApp;
  let repo: TestRepo;
  let oneRepo: string;
  let twoRepo: string;

  const as = (a: OnboardedApp) => ({ authorization: `Bearer ${a.token}` });
  const list = (a: OnboardedApp, query = '') =>
    env.request('GET', `/api/deliveries${query}`, undefined, as(a));

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
    one = await env.onboardApp('Log one');
    two = await env.onboardApp('Log two');
    repo = await env.github.createRepo('acme/log');
    await repo.commit(Object.fromEntries(FILES.map((f) => [f, `${f}\n`])));
    const other = await env.github.createRepo('acme/other');
    await other.commit({ 'o.md': 'o\n' });
    oneRepo = await watch(env, one, 'acme/log');
    twoRepo = await watch(env, two, 'acme/other');
    await one.receiver.waitForCount(6, 30_000);
    await two.receiver.waitForCount(1, 30_000);
    await waitUntil(
      async () => (await list(one)).body.data.data.every((d: any) => d.status === 'delivered'),
      {
        timeoutMs: 30_000,
      },
    );
  }, 120_000);

  useEnvHooks(() => env);

  it("should list the caller's deliveries newest first, filtered and paginated", async () => {
    const all = await list(one);
    expect(all.status).toBe(200);
    expect(all.body.data.pagination).toEqual({ page: 1, limit: 20, total: 6, total_pages: 1 });
    const items = all.body.data.data;
    // One change set: created together, newest first = last in send order first.
    expect(items.map((d: any) => d.path)).toEqual([...FILES].reverse());
    const first = one.receiver.received.find((h) => pathOf(h) === 'f1.md')!;
    expect(items[5]).toEqual({
      delivery_id: first.headers['webhook-id'],
      app_id: one.app_id,
      repository_id: oneRepo,
      event: 'create',
      path: 'f1.md',
      commit_sha: await repo.head(),
      status: 'delivered',
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      created_at: expect.any(String),
      last_attempt_at: expect.any(String),
      next_attempt_at: null,
      delivered_at: expect.any(String),
    });
    expect(Object.keys(items[0]).sort()).toEqual(ITEM_KEYS);

    const page2 = (await list(one, '?limit=5&page=2')).body.data;
    expect(page2.data.map((d: any) => d.path)).toEqual(['f1.md']);
    expect(page2.pagination).toEqual({ page: 2, limit: 5, total: 6, total_pages: 2 });
    const total = async (query: string) => (await list(one, query)).body.data.pagination.total;
    expect(await total(`?repository_id=${oneRepo}&status=delivered&event=create`)).toBe(6);
    expect(await total(`?repository_id=${twoRepo}`)).toBe(0); // not one's: nothing of it shows
    expect(await total('?status=failed')).toBe(0);
    expect(await total('?event=update')).toBe(0);
    const createdAt = encodeURIComponent(items[0].created_at);
    expect(await total(`?since=${createdAt}&until=${createdAt}`)).toBe(6);
    expect(await total('?until=2000-01-01')).toBe(0);
  });

  it('should list every app for the admin, filtered by app', async () => {
    const all = await env.adminRequest('GET', '/admin/api/deliveries');
    expect(all.status).toBe(200);
    expect(all.body.data.pagination.total).toBe(7);
    const twos = await env.adminRequest('GET', `/admin/api/deliveries?app_id=${two.app_id}`);
    expect(twos.body.data.data.map((d: any) => [d.app_id, d.repository_id, d.path])).toEqual([
      [two.app_id, twoRepo, 'o.md'],
    ]);
    const unauthenticated = await env.request('GET', '/admin/api/deliveries');
    expect(unauthenticated.status).toBe(401);
  });

  it("should answer another app's delivery as unknown to the app; an admin may redeliver it", async () => {
    const twoId = two.receiver.received[0].headers['webhook-id'];
    const notFound = { error: 'Delivery not found', code: 'NOT_FOUND' };
    const peek = await env.request('GET', `/api/deliveries/${twoId}`, undefined, as(one));
    expect([peek.status, peek.body]).toEqual([404, notFound]);
    const poke = await env.request('POST', `/api/deliveries/${twoId}/redeliver`, undefined, as(one));
    expect([poke.status, poke.body]).toEqual([404, notFound]);
    const own = await env.request('GET', `/api/deliveries/${twoId}`, undefined, as(two));
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ delivery_id: twoId, path: 'o.md', status: 'delivered' });
    expect(two.receiver.received).toHaveLength(1);
    expect((await env.request('GET', '/api/deliveries')).status).toBe(401);
    // An admin may redeliver any app's delivery.
    const byAdmin = await env.adminRequest('POST', `/admin/api/deliveries/${twoId}/redeliver`);
    expect([byAdmin.status, byAdmin.body]).toEqual([
      202,
      { data: { delivery_id: twoId, status: 'pending' } },
    ]);
    const [first, again] = await two.receiver.waitForCount(2, 30_000);
    expect([again.rawBody, again.headers['webhook-id']]).toEqual([first.rawBody, twoId]);
    await waitUntil(
      async () => (await env.adminRequest('GET', `/admin/api/deliveries/${twoId}`)).body.data.attempts === 2,
      { timeoutMs: 30_000 },
    );
  });

  it('should log every attempt: a 500 and then the 200, oldest first', async () => {
    let failed = false;
    one.receiver.setResponder((h) =>
      pathOf(h) === 'flaky.md' && !failed
        ? ((failed = true), { status: 500, body: 'boom' })
        : { status: 200, body: '{"ok":true}' },
    );
    await repo.commit({ 'flaky.md': 'flaky\n' });
    const hooks = await one.receiver.waitFor(
      (all) => all.filter((h) => pathOf(h) === 'flaky.md').length === 2,
    );
    const id = hooks.find((h) => pathOf(h) === 'flaky.md')!.headers['webhook-id'];
    const detail = async () =>
      (await env.request('GET', `/api/deliveries/${id}`, undefined, as(one))).body.data;
    await waitUntil(async () => (await detail()).status === 'delivered', { timeoutMs: 30_000 });

    const d = await detail();
    expect(d).toMatchObject({ path: 'flaky.md', status: 'delivered', attempts: 2, last_status_code: 200 });
    expect(d.last_error).toBeNull();
    expect(
      d.attempts_log.map((a: any) => [
        a.attempt,
        a.chunk_index,
        a.chunk_total,
        a.webhook_id,
        a.success,
        a.status_code,
        a.response_excerpt,
        a.error,
      ]),
    ).toEqual([
      [1, 0, 1, id, false, 500, 'boom', 'HTTP 500'],
      [2, 0, 1, id, true, 200, '{"ok":true}', null],
    ]);
    expect(
      d.attempts_log.every((a: any) => a.duration_ms >= 0 && !Number.isNaN(Date.parse(a.started_at))),
    ).toBe(true);
    const admin = await env.adminRequest('GET', `/admin/api/deliveries/${id}`);
    expect(admin.body.data).toEqual(d);
    // Neither the app's token nor its signing key ever shows in the log.
    const shown = JSON.stringify([d, (await list(one)).body]);
    expect(shown).not.toContain(one.token);
    expect(shown).not.toContain(one.key);
  });

  it('should refuse bad filters and ids with a 400 in the error shape, changing nothing', async () => {
    const before = await env.query(`SELECT delivery_id, status, attempts FROM deliveries ORDER BY seq`);
    const received = one.receiver.received.length;
    const cases: [string, string][] = [
      ['?status=done', 'querystring/status must be one of: pending, delivered, failed, skipped'],
      ['?event=modify', 'querystring/event must be one of: create, update, delete, sync_failed'],
      ['?repository_id=repo_1', 'querystring/repository_id Invalid repository ID format'],
      ['?since=2026-11-30&until=2026-11-29', 'querystring/since must not be after until'],
      [
        '?since=yesterday',
        'querystring/since must be an ISO-8601 date or date-time (e.g. 2026-11-29T12:00:00Z)',
      ],
      ['?stauts=failed', 'querystring/stauts is not a known parameter'],
      ['?app_id=' + two.app_id, 'querystring/app_id is not a known parameter'],
      ['?page=0', 'querystring/page must be an integer >= 1'],
      ['?status=failed&status=pending', 'querystring/status must be given once'],
      ['/not-a-uuid', 'params/delivery_id Invalid delivery ID format'],
    ];
    for (const [query, message] of cases) {
      const res = await env.request('GET', `/api/deliveries${query}`, undefined, as(one));
      expect([query, res.status, res.body]).toEqual([
        query,
        400,
        { error: message, code: 'VALIDATION_FAILED', details: [message] },
      ]);
    }
    const badPost = await env.request('POST', '/api/deliveries/nope/redeliver', undefined, as(one));
    expect(badPost.status).toBe(400);
    const admin = await env.adminRequest('GET', '/admin/api/deliveries?app_id=app_x');
    expect(admin.body).toEqual({
      error: 'querystring/app_id Invalid app ID format',
      code: 'VALIDATION_FAILED',
      details: ['querystring/app_id Invalid app ID format'],
    });
    for (const body of [{}, { status: 'pending' }, { all: true, app_id: one.app_id }, { dry_run: 'yes' }]) {
      const res = await env.adminRequest('POST', '/admin/api/deliveries/redeliver', body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_FAILED',
      ]);
    }
    await expect(
      env.query(`SELECT delivery_id, status, attempts FROM deliveries ORDER BY seq`),
    ).resolves.toEqual(before);
    expect(one.receiver.received).toHaveLength(received);
  });
});
