import { JobNames, Queues } from '@lib/contracts';
import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil, WebhookReceiver } from '@lib/testing';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { useEnvHooks } from './support/env-hooks';

const NOT_AUTHENTICATED = { error: 'Not authenticated', code: 'UNAUTHORIZED' };
const APP_NOT_FOUND = { error: 'App not found', code: 'NOT_FOUND' };
const UNKNOWN_APP = 'app_000000000000000000000000';

// Onboarded in this order; created_at follows it. The names exercise literal search of `%`, `_` and `\`.
const NAMES = {
  alphaPct: 'Alpha 100% docs',
  alpha: 'Alpha 100 docs',
  betaUnderscore: 'beta_site',
  betaX: 'betaXsite',
  delta: 'Delta back\\slash',
  echo: 'Echo app',
  foxtrot: 'Foxtrot app',
} as const;
type Key = keyof typeof NAMES;

const names = (res: { body: any }): string[] =>
  res.body.data.data.map((a: { app_name: string }) => a.app_name);

/**
 * The admin read side and app maintenance routes on the real processes: overview, apps list (paging, sorting,
 * literal search), app detail with effective subscription statuses, scan queue, bearer token rotation and PATCH.
 */
describe.each(['single', 'separate'] as const)('Admin API (%s process mode)', (mode) => {
  let env: DocoraTestEnv;
  let one: TestRepo;
  const apps = {} as Record<Key, OnboardedApp>;
  const admin = (method: string, path: string, body?: unknown) => env.adminRequest(method, path, body);

  beforeAll(async () => {
    // One git failure opens a repository's circuit, so a failed subscription is quick to produce.
    env = await DocoraTestEnv.start({ mode, env: { CIRCUIT_BREAKER_THRESHOLD: '1' } });
    one = await env.github.createRepo('acme/one');
    await one.commit({ 'README.md': '# one\n' });
    await (await env.github.createRepo('acme/two')).commit({ 'README.md': '# two\n' });
    await env.adminLogin();
  }, 120_000);

  useEnvHooks(() => env);

  it.each([
    ['GET', '/admin/api/overview'],
    ['GET', '/admin/api/apps'],
    ['GET', `/admin/api/apps/${UNKNOWN_APP}`],
    ['GET', '/admin/api/queue'],
    ['POST', `/admin/api/apps/${UNKNOWN_APP}/token`],
    ['PATCH', `/admin/api/apps/${UNKNOWN_APP}`],
  ])('should answer 401 to %s %s without a session', async (method, path) => {
    const res = await env.request(method, path, method === 'PATCH' ? { app_name: 'Whatever' } : undefined);
    expect([res.status, res.body]).toEqual([401, NOT_AUTHENTICATED]);
    const forged = await env.request(method, path, undefined, { cookie: 'sessionId=forged.signature' });
    expect([forged.status, forged.body]).toEqual([401, NOT_AUTHENTICATED]);
  });

  it('should report an empty system', async () => {
    const overview = await admin('GET', '/admin/api/overview');
    expect(overview.status).toBe(200);
    expect(overview.body).toEqual({
      data: {
        total_apps: 0,
        total_repositories: 0,
        failed_notifications: 0,
        queue_waiting: expect.any(Number),
        queue_active: expect.any(Number),
      },
    });
    const list = await admin('GET', '/admin/api/apps');
    expect([list.status, list.body]).toEqual([
      200,
      { data: { data: [], pagination: { page: 1, limit: 20, total: 0, total_pages: 1 } } },
    ]);
  });

  it('should count distinct repositories and effectively failed subscriptions', async () => {
    for (const key of Object.keys(NAMES) as Key[]) {
      apps[key] = await env.onboardApp(NAMES[key]);
    }
    for (const [key, repo] of [
      ['alphaPct', 'acme/one'],
      ['alphaPct', 'acme/two'],
      ['betaUnderscore', 'acme/one'],
    ] as const) {
      const res = await env.registerRepository(apps[key], { github_url: `${env.github.url}/${repo}` });
      expect(res.status).toBe(201);
    }
    // Both initial snapshots delivered, then acme/two stops answering: its next check fails and opens its
    // circuit (threshold 1) → its subscription is failed.
    await apps.alphaPct.receiver.waitFor(
      (all) => all.filter((h) => h.event === 'create').length >= 2,
      30_000,
    );
    env.github.setUnavailable('acme/two', 500);
    // waitUntil, not expectEventually: a failed expect while polling would count as a failure in afterEach.
    const overview = async () => (await admin('GET', '/admin/api/overview')).body.data;
    await waitUntil(async () => (await overview()).failed_notifications === 1, { timeoutMs: 30_000 });
    expect(await overview()).toMatchObject({ total_apps: 7, total_repositories: 2, failed_notifications: 1 });
  });

  it('should page the apps list', async () => {
    const first = await admin('GET', '/admin/api/apps?limit=5');
    expect(first.status).toBe(200);
    expect(first.body.data.pagination).toEqual({ page: 1, limit: 5, total: 7, total_pages: 2 });
    expect(names(first)).toEqual([NAMES.foxtrot, NAMES.echo, NAMES.delta, NAMES.betaX, NAMES.betaUnderscore]);
    const second = await admin('GET', '/admin/api/apps?limit=5&page=2');
    expect(names(second)).toEqual([NAMES.alpha, NAMES.alphaPct]);
    const beyond = await admin('GET', '/admin/api/apps?limit=5&page=3');
    expect(beyond.body.data).toEqual({
      data: [],
      pagination: { page: 3, limit: 5, total: 7, total_pages: 2 },
    });
    // Any limit outside 5/10/20/50/100 becomes 20 (v1).
    const odd = await admin('GET', '/admin/api/apps?limit=7');
    expect(odd.body.data.pagination).toEqual({ page: 1, limit: 20, total: 7, total_pages: 1 });
  });

  it('should return app summaries with their counts', async () => {
    const res = await admin('GET', '/admin/api/apps?sort_by=created_at&sort_order=asc');
    expect(res.body.data.data[0]).toEqual({
      app_id: apps.alphaPct.app_id,
      app_name: NAMES.alphaPct,
      base_url: apps.alphaPct.receiver.url,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      repository_count: 2,
      failed_notification_count: 1,
    });
    expect(Object.keys(res.body.data.data[0])).toHaveLength(6);
  });

  it('should sort by each whitelisted field, in either order and any case', async () => {
    const asc = names(await admin('GET', '/admin/api/apps?sort_by=app_name&sort_order=ASC'));
    const desc = names(await admin('GET', '/admin/api/apps?sort_by=app_name&sort_order=desc'));
    expect(desc).toEqual([...asc].reverse());
    expect(asc.map((n) => n[0].toLowerCase())).toEqual(['a', 'a', 'b', 'b', 'd', 'e', 'f']);
    const byRepos = await admin('GET', '/admin/api/apps?sort_by=repository_count&sort_order=desc');
    expect(byRepos.body.data.data.map((a: any) => a.repository_count)).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(names(byRepos).slice(0, 2)).toEqual([NAMES.alphaPct, NAMES.betaUnderscore]);
    const byFailed = await admin('GET', '/admin/api/apps?sort_by=failed_notification_count&sort_order=desc');
    expect(byFailed.body.data.data.map((a: any) => a.failed_notification_count)).toEqual([
      1, 0, 0, 0, 0, 0, 0,
    ]);
    const byFailedAsc = await admin(
      'GET',
      '/admin/api/apps?sort_by=failed_notification_count&sort_order=asc',
    );
    expect(names(byFailedAsc).at(-1)).toBe(NAMES.alphaPct);
  });

  it('should refuse an unknown sort_by and an invalid page with exact 400 bodies', async () => {
    const sort = await admin('GET', '/admin/api/apps?sort_by=token_digest');
    expect([sort.status, sort.body]).toEqual([
      400,
      { error: 'Invalid sort_by: token_digest', code: 'VALIDATION_FAILED' },
    ]);
    for (const page of ['0', '-1', 'abc', '1.5']) {
      const res = await admin('GET', `/admin/api/apps?page=${page}`);
      expect([res.status, res.body]).toEqual([
        400,
        { error: `Invalid page: ${page}`, code: 'VALIDATION_FAILED' },
      ]);
    }
  });

  it.each([
    ['100%', ['alphaPct']],
    ['a_s', ['betaUnderscore']],
    ['\\', ['delta']],
    ['  BETA  ', ['betaX', 'betaUnderscore']],
    ['no such app', []],
  ] as [string, Key[]][])('should search %p literally', async (search, expected) => {
    const res = await admin('GET', `/admin/api/apps?search=${encodeURIComponent(search)}`);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected.map((k) => NAMES[k]));
    expect(res.body.data.pagination.total).toBe(expected.length);
  });

  it('should search base_url too', async () => {
    const res = await admin('GET', `/admin/api/apps?search=${encodeURIComponent(apps.echo.receiver.url)}`);
    expect(names(res)).toEqual([NAMES.echo]);
  });

  it('should show an app with its repositories and their effective statuses', async () => {
    const app = apps.alphaPct;
    const read = async () => (await admin('GET', `/admin/api/apps/${app.app_id}`)).body.data;
    const statusOf = (d: any, name: string) => d.repositories.find((r: any) => r.name === name)?.status;
    await waitUntil(async () => statusOf(await read(), 'one') === 'synced', { timeoutMs: 30_000 });
    const detail = await read();
    expect(detail).toMatchObject({
      app_id: app.app_id,
      app_name: NAMES.alphaPct,
      base_url: app.receiver.url,
      email: 'dev@example.com',
      website: null,
      description: null,
      repository_count: 2,
      failed_notification_count: 1,
      snapshot_count: 2,
      delivery_count: 2,
    });
    const byName = Object.fromEntries(detail.repositories.map((r: any) => [r.name, r]));
    expect(byName.one).toEqual({
      repository_id: expect.stringMatching(/^repo_[0-9a-f]{24}$/),
      github_url: `${env.github.url}/acme/one`,
      owner: 'acme',
      name: 'one',
      branch: 'main',
      status: 'synced',
      last_scanned_at: expect.any(String),
      circuit_open: false,
      retry_count: 0,
      last_error: null,
    });
    expect(byName.two).toMatchObject({
      status: 'failed',
      circuit_open: true,
      retry_count: expect.any(Number),
      last_error: expect.any(String),
    });
    expect(byName.two.retry_count).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['GET', UNKNOWN_APP],
    ['GET', 'not-an-app-id'],
    ['POST', `${UNKNOWN_APP}/token`],
    ['POST', 'APP_000000000000000000000000/token'],
    ['PATCH', UNKNOWN_APP],
    ['PATCH', 'app_0'],
  ])('should answer 404 App not found to %s of %s', async (method, path) => {
    const res = await admin(
      method,
      `/admin/api/apps/${path}`,
      method === 'PATCH' ? { app_name: 'Nope' } : undefined,
    );
    expect([res.status, res.body]).toEqual([404, APP_NOT_FOUND]);
  });

  it('should show the scan queue with at most 50 jobs per state', async () => {
    const repositoryId = (
      await admin('GET', `/admin/api/apps/${apps.alphaPct.app_id}`)
    ).body.data.repositories.find((r: any) => r.name === 'one').repository_id;
    // 60 delayed checks (an hour away, so nothing runs them during the test) in this test's queue namespace.
    const queue = new Queue(Queues.Scan, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: env.namespace,
    });
    try {
      await queue.addBulk(
        Array.from({ length: 60 }, (_, i) => ({
          name: JobNames.ScanRepository,
          data: {
            repository_id: repositoryId,
            branch: `b${i}`,
            reason: 'manual',
            correlation_id: 'admin-e2e',
          },
          opts: { jobId: `admin-e2e-${i}`, delay: 3_600_000 },
        })),
      );
    } finally {
      await queue.close();
    }
    const res = await admin('GET', '/admin/api/queue');
    expect(res.status).toBe(200);
    const { status, jobs } = res.body.data;
    expect(status).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      completed: expect.any(Number),
      failed: expect.any(Number),
      delayed: 60,
    });
    const delayed = jobs.filter((j: any) => j.status === 'delayed');
    expect(delayed).toHaveLength(50);
    expect(delayed[0]).toEqual({
      id: expect.stringMatching(/^admin-e2e-\d+$/),
      name: JobNames.ScanRepository,
      repository_id: repositoryId,
      repository_name: 'acme/one',
      branch: expect.stringMatching(/^b\d+$/),
      status: 'delayed',
      created_at: expect.stringMatching(/Z$/),
      processed_on: null,
    });
  });

  it('should rotate an app token: the old one is refused at once, the new one works', async () => {
    const app = apps.foxtrot;
    const res = await admin('POST', `/admin/api/apps/${app.app_id}/token`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { app_id: app.app_id, token: expect.stringMatching(/^docora_[0-9a-f]{64}$/) },
    });
    const fresh = res.body.data.token as string;
    expect(fresh).not.toBe(app.token);
    const body = { github_url: `${env.github.url}/acme/one` };
    const old = await env.registerRepository(app, body);
    expect([old.status, old.body]).toEqual([401, { error: 'Invalid token', code: 'UNAUTHORIZED' }]);
    apps.foxtrot = { ...app, token: fresh };
    const now = await env.registerRepository(apps.foxtrot, body);
    expect(now.status).toBe(201);
  });

  it.each([
    [{}, /^Nothing to update/],
    [undefined, /^Nothing to update/],
    [{ colour: 'blue' }, /^body\/colour property colour should not exist$/],
    [{ app_name: 'ab' }, /^body\/app_name App name must be between 3 and 100 characters$/],
    [{ app_name: null }, /^body\/app_name /],
    [{ email: 'not-an-email' }, /^body\/email Must be a valid email$/],
    [{ base_url: 'ftp://hooks.example.com' }, /^body\/base_url Must use HTTP or HTTPS$/],
    [{ website: 'example.com' }, /^body\/website Must be a valid URL$/],
    [{ description: 'd'.repeat(501) }, /^body\/description /],
    [
      { client_auth_key: 'k'.repeat(32) },
      /^body\/client_auth_key property client_auth_key should not exist$/,
    ],
  ])('should refuse PATCH %p with a 400', async (body, message) => {
    const res = await admin('PATCH', `/admin/api/apps/${apps.echo.app_id}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.stringMatching(message), code: 'VALIDATION_FAILED' });
  });

  it('should refuse an unsafe base_url with 422 and its reason', async () => {
    const res = await admin('PATCH', `/admin/api/apps/${apps.echo.app_id}`, {
      base_url: 'https://u:p@example.com/x',
    });
    expect([res.status, res.body]).toEqual([
      422,
      { error: 'URL must not contain credentials', code: 'UNSAFE_URL' },
    ]);
    const after = await admin('GET', `/admin/api/apps/${apps.echo.app_id}`);
    expect(after.body.data.base_url).toBe(apps.echo.receiver.url);
  });

  it('should update profile fields and answer the app detail', async () => {
    const app = apps.echo;
    const res = await admin('PATCH', `/admin/api/apps/${app.app_id}`, {
      app_name: 'Echo renamed',
      email: 'ops@example.com',
      website: 'https://echo.example.com',
      description: 'The echo app',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      app_id: app.app_id,
      app_name: 'Echo renamed',
      base_url: app.receiver.url,
      email: 'ops@example.com',
      website: 'https://echo.example.com',
      description: 'The echo app',
      repositories: [],
    });
    const cleared = await admin('PATCH', `/admin/api/apps/${app.app_id}`, {
      website: null,
      description: null,
    });
    expect(cleared.body.data).toMatchObject({ app_name: 'Echo renamed', website: null, description: null });
    expect(names(await admin('GET', '/admin/api/apps?search=renamed'))).toEqual(['Echo renamed']);
  });

  it('should send the next webhooks to an updated base_url', async () => {
    const app = apps.foxtrot;
    await app.receiver.waitFor((all) => all.some((h) => h.path.endsWith('/create')), 30_000);
    const key = app.key;
    const next = await WebhookReceiver.start({ key, path: '/v2/hooks' });
    env.receivers.push(next);
    const res = await admin('PATCH', `/admin/api/apps/${app.app_id}`, { base_url: next.url });
    expect([res.status, res.body.data.base_url]).toEqual([200, next.url]);
    await one.commit({ [`after-patch-${randomBytes(3).toString('hex')}.txt`]: 'moved\n' });
    const hooks = await next.waitFor((all) => all.length >= 1, 30_000);
    expect(hooks[0].path).toBe('/v2/hooks/create');
    expect(hooks[0].signatureValid).toBe(true);
  });
});
