import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, waitUntil } from '@lib/testing';
import { BulkOperationsProbe } from './support/bulk-operations';
import { useEnvHooks } from './support/env-hooks';

type Failed = {
  app_id: string;
  app_name: string;
  repository_id: string;
  repository_name: string;
  github_url: string;
  error_message: string;
  timestamp: string;
  retry_count: number;
};

const ALPHA_REPOS = ['acme/r1', 'acme/r2', 'acme/r3', 'acme/r4', 'acme/r5'];
const OPERATION_ID = /^bulk_[0-9a-f]{16}$/;

/**
 * v1 §3.2–3.3 failed notifications and bulk operations on real processes. Alpha watches five repositories and its
 * endpoint starts answering 503 (stored failures); Beta watches acme/r1 (healthy) and globex/three, whose git
 * circuit opens. Bulk work runs as a queued job in the registry; the test pauses that queue where a race would
 * otherwise decide the outcome.
 */
describe('Admin failed notifications and bulk operations (e2e)', () => {
  let env: DocoraTestEnv;
  let probe: BulkOperationsProbe;
  let alpha: OnboardedApp;
  let beta: OnboardedApp;
  const ids = new Map<string, string>(); // 'owner/name' → repository_id
  let alphaFailedFrom: number;
  let circuitFailedFrom: number;
  let betaLastDelivery: number;

  const failedList = async (query = ''): Promise<{ status: number; body: any }> =>
    env.adminRequest('GET', `/admin/api/notifications/failed${query}`);
  const rows = async (query = ''): Promise<Failed[]> => (await failedList(query)).body.data.data;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        DELIVERY_RETRY_SCHEDULE: '50ms',
        // Failing receivers set the scene here; the endpoint breaker (tested in delivery-health) must not
        // then hold the admin's retries for its cooldown.
        ENDPOINT_BREAKER_THRESHOLD: '1000',
        CIRCUIT_BREAKER_THRESHOLD: '2',
        CIRCUIT_BREAKER_COOLDOWN_MS: '600000',
      },
    });
    probe = new BulkOperationsProbe(env);
    const repos = new Map<string, Awaited<ReturnType<typeof env.github.createRepo>>>();
    for (const name of [...ALPHA_REPOS, 'globex/three']) {
      const repo = await env.github.createRepo(name);
      await repo.commit({ 'readme.md': `${name}\n` });
      repos.set(name, repo);
    }
    alpha = await env.onboardApp('Alpha docs');
    beta = await env.onboardApp('Beta_100% site');
    for (const [app, names] of [
      [alpha, ALPHA_REPOS],
      [beta, ['acme/r1', 'globex/three']],
    ] as const) {
      for (const name of names) {
        const res = await env.registerRepository(app, { github_url: `${env.github.url}/${name}` });
        expect(res.status).toBe(201);
        ids.set(name, res.body.repository_id);
      }
    }
    await alpha.receiver.waitFor((all) => all.length === 5, 30_000);
    await beta.receiver.waitFor((all) => all.length === 2, 30_000);

    alpha.receiver.setResponder(() => ({ status: 503 }));
    alphaFailedFrom = Date.now();
    for (const name of ALPHA_REPOS) {
      await repos.get(name)!.commit({ 'readme.md': `${name} v2\n` });
    }
    await waitUntil(async () => (await rows()).length === 5, { timeoutMs: 60_000 });
    betaLastDelivery = Math.max(...beta.receiver.received.map((h) => h.receivedAt));
    circuitFailedFrom = Date.now();
    env.github.setUnavailable('globex/three', 500);
    await waitUntil(async () => (await rows()).length === 6, { timeoutMs: 60_000 });
  }, 180_000);

  useEnvHooks(() => env);

  afterAll(async () => {
    await probe?.close();
  });

  afterEach(async () => {
    // Whatever a failed test left paused must not hold the next one.
    await probe?.queue.resume();
  });

  it('should require an admin session', async () => {
    for (const [method, path] of [
      ['GET', '/admin/api/notifications/failed'],
      ['POST', '/admin/api/retry/all'],
      ['POST', `/admin/api/retry/app/${alpha.app_id}`],
      ['POST', `/admin/api/resync/app/${alpha.app_id}`],
      ['GET', '/admin/api/retry/progress/bulk_0123456789abcdef'],
      ['POST', '/admin/api/retry/cancel/bulk_0123456789abcdef'],
    ]) {
      const res = await env.request(method, path);
      expect([path, res.status, res.body]).toEqual([
        path,
        401,
        { error: 'Not authenticated', code: 'UNAUTHORIZED' },
      ]);
    }
  });

  describe('GET /admin/api/notifications/failed', () => {
    it('should list each failed subscription with the time it failed', async () => {
      const list = await rows();
      const alphaRows = list.filter((r) => r.app_id === alpha.app_id);
      expect(alphaRows.map((r) => r.repository_name).sort()).toEqual(ALPHA_REPOS);
      for (const r of alphaRows) {
        const [sub] = await env.query<{ updated_at: Date }>(
          'SELECT updated_at FROM subscriptions WHERE app_id = $1 AND repository_id = $2',
          [r.app_id, r.repository_id],
        );
        expect(r).toEqual({
          app_id: alpha.app_id,
          app_name: 'Alpha docs',
          repository_id: ids.get(r.repository_name),
          repository_name: r.repository_name,
          github_url: `${env.github.url}/${r.repository_name}`,
          error_message: 'HTTP 503',
          timestamp: sub.updated_at.toISOString(),
          retry_count: expect.any(Number),
        });
        expect(r.retry_count).toBeGreaterThanOrEqual(1);
        expect(Date.parse(r.timestamp)).toBeGreaterThanOrEqual(alphaFailedFrom - 1000);
      }
      const [circuit] = list.filter((r) => r.app_id === beta.app_id);
      const [head] = await env.query<{ circuit_opened_at: Date }>(
        'SELECT circuit_opened_at FROM repo_heads WHERE repository_id = $1',
        [ids.get('globex/three')],
      );
      expect(circuit).toMatchObject({
        app_name: 'Beta_100% site',
        repository_name: 'globex/three',
        timestamp: head.circuit_opened_at.toISOString(),
      });
      expect(circuit.retry_count).toBeGreaterThanOrEqual(2);
      // The time of the failure, not of the last good sync (v1 showed last_scanned_at).
      expect(Date.parse(circuit.timestamp)).toBeGreaterThan(betaLastDelivery);
      expect(Date.parse(circuit.timestamp)).toBeGreaterThanOrEqual(circuitFailedFrom - 1000);
    });

    it('should sort by the whitelisted fields, newest failure first by default', async () => {
      const byDefault = await rows();
      const times = byDefault.map((r) => Date.parse(r.timestamp));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(byDefault[0].repository_name).toBe('globex/three');
      expect((await rows('?sort_by=app_name&sort_order=asc')).map((r) => r.app_name)).toEqual([
        ...Array(5).fill('Alpha docs'),
        'Beta_100% site',
      ]);
      expect((await rows('?sort_by=app_name&sort_order=DESC'))[0].app_name).toBe('Beta_100% site');
      expect((await rows('?sort_by=repository_name&sort_order=asc')).map((r) => r.repository_name)).toEqual([
        ...ALPHA_REPOS,
        'globex/three',
      ]);
      const retries = (await rows('?sort_by=retry_count&sort_order=asc')).map((r) => r.retry_count);
      expect(retries).toEqual([...retries].sort((a, b) => a - b));
      const bad = await failedList('?sort_by=created_at');
      expect([bad.status, bad.body]).toEqual([
        400,
        { error: 'Invalid sort_by: created_at', code: 'VALIDATION_FAILED' },
      ]);
    });

    it.each([
      ['%25', ['globex/three']], // '%' is literal: only Beta's name has one
      ['_1', ['globex/three']], // '_' is literal ('acme/r1' would match a wildcard)
      ['GLOBEX', ['globex/three']],
      ['acme%2Fr4', ['acme/r4']],
      ['HTTP%20503', ALPHA_REPOS],
      ['alpha', ALPHA_REPOS],
      ['nothing-like-this', []],
    ])('should search %p in app name, owner, name and error', async (search, expected) => {
      const res = await failedList(`?search=${search}`);
      expect(res.body.data.data.map((r: Failed) => r.repository_name).sort()).toEqual(expected);
      expect(res.body.data.pagination.total).toBe(expected.length);
    });

    it('should paginate with v1 page sizes', async () => {
      const all = (await rows('?sort_by=repository_name&sort_order=asc')).map((r) => r.repository_id);
      const page = (n: number) => failedList(`?sort_by=repository_name&sort_order=asc&limit=5&page=${n}`);
      const [one, two] = [(await page(1)).body.data, (await page(2)).body.data];
      expect(one.pagination).toEqual({ page: 1, limit: 5, total: 6, total_pages: 2 });
      expect(two.pagination).toEqual({ page: 2, limit: 5, total: 6, total_pages: 2 });
      expect([...one.data, ...two.data].map((r: Failed) => r.repository_id)).toEqual(all);
      expect((await failedList('?limit=7')).body.data.pagination.limit).toBe(20);
    });
  });

  describe('progress and cancel of unknown operations', () => {
    it.each(['bulk_0123456789abcdef', 'bulk_nothex0123456789', 'bulk_0123', 'nope'])(
      'should answer 404 for %p and create no progress record',
      async (id) => {
        for (const [method, path] of [
          ['GET', `/admin/api/retry/progress/${id}`],
          ['POST', `/admin/api/retry/cancel/${id}`],
          ['GET', `/admin/api/retry/progress/${id}`],
        ]) {
          const res = await env.adminRequest(method, path);
          expect([res.status, res.body]).toEqual([
            404,
            { error: 'Operation not found or expired', code: 'NOT_FOUND' },
          ]);
        }
        expect(await probe.keyExists(id)).toBe(false);
      },
    );
  });

  describe('bulk retry', () => {
    it('should cancel a queued operation before it touches any item', async () => {
      await probe.queue.pause();
      const res = await env.adminRequest('POST', `/admin/api/retry/app/${alpha.app_id}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        message: 'Bulk retry started',
        operation_id: expect.stringMatching(OPERATION_ID),
        total: 5,
      });
      const id = res.body.data.operation_id;
      expect(await probe.progress(id)).toEqual({
        operation_id: id,
        total: 5,
        completed: 0,
        succeeded: 0,
        failed: 0,
        cancelled: false,
        errors: [],
      });
      const cancel = await env.adminRequest('POST', `/admin/api/retry/cancel/${id}`);
      expect([cancel.status, cancel.body]).toEqual([200, { data: { message: 'Cancellation requested' } }]);
      await probe.queue.resume();
      await probe.waitJobCompleted(id);
      expect(await probe.progress(id)).toMatchObject({ total: 5, completed: 0, cancelled: true });
      expect((await rows()).filter((r) => r.app_id === alpha.app_id)).toHaveLength(5);
    });

    it('should retry an app’s failed subscriptions, counting one no longer failed as failed with its reason', async () => {
      alpha.receiver.resetResponder();
      alpha.receiver.clear();
      await probe.queue.pause();
      const res = await env.adminRequest('POST', `/admin/api/retry/app/${alpha.app_id}`);
      expect(res.body.data.total).toBe(5);
      const id = res.body.data.operation_id;
      // Retried on its own while the operation waits: it is no longer failed when its turn comes.
      const single = await env.adminRequest('POST', '/admin/api/retry', {
        app_id: alpha.app_id,
        repository_id: ids.get('acme/r1'),
      });
      expect(single.status).toBe(200);
      await probe.queue.resume();
      expect(await probe.waitAllDone(id)).toEqual({
        operation_id: id,
        total: 5,
        completed: 5,
        succeeded: 4,
        failed: 1,
        cancelled: false,
        errors: [
          {
            app_id: alpha.app_id,
            repository_id: ids.get('acme/r1'),
            error: 'Only failed entries can be retried',
          },
        ],
      });
      const updated = (all: ReceivedWebhook[]) =>
        new Set(
          all
            .filter((h) => h.event === 'update' && h.status === 200)
            .map((h) => (h.body as any).repository.repository_id),
        );
      await alpha.receiver.waitFor((all) => updated(all).size === 5, 30_000);
      await waitUntil(async () => (await rows()).length === 1, { timeoutMs: 30_000 });
      const none = await env.adminRequest('POST', `/admin/api/retry/app/${alpha.app_id}`);
      expect([none.status, none.body]).toEqual([
        404,
        { error: 'No failed notifications for this app', code: 'NOT_FOUND' },
      ]);
    });

    it('should retry every failed subscription of every app', async () => {
      const res = await env.adminRequest('POST', '/admin/api/retry/all');
      expect(res.body.data).toMatchObject({ message: 'Bulk retry started', total: 1 });
      expect(await probe.waitAllDone(res.body.data.operation_id)).toMatchObject({
        completed: 1,
        succeeded: 1,
        failed: 0,
      });
    });

    it('should answer 404 for an unknown or malformed app id', async () => {
      for (const appId of ['app_0123456789abcdef01234567', 'app_nope']) {
        const res = await env.adminRequest('POST', `/admin/api/retry/app/${appId}`);
        expect([res.status, res.body]).toEqual([
          404,
          { error: 'No failed notifications for this app', code: 'NOT_FOUND' },
        ]);
      }
    });
  });

  describe('bulk resync', () => {
    it('should re-send every current file of every repository of the app as creates', async () => {
      alpha.receiver.clear();
      const res = await env.adminRequest('POST', `/admin/api/resync/app/${alpha.app_id}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        message: 'Bulk re-sync started',
        operation_id: expect.stringMatching(OPERATION_ID),
        total: 5,
      });
      expect(await probe.waitAllDone(res.body.data.operation_id)).toMatchObject({
        completed: 5,
        succeeded: 5,
        failed: 0,
        cancelled: false,
      });
      const hooks = await alpha.receiver.waitFor((all) => all.length >= 5, 30_000);
      expect(hooks.map((h) => h.event)).toEqual(Array(5).fill('create'));
      expect(hooks.map((h) => (h.body as any).file.content).sort()).toEqual(
        ALPHA_REPOS.map((name) => `${name} v2\n`),
      );
    });

    it('should answer 404 for an app without repositories, unknown or malformed', async () => {
      const gamma = await env.onboardApp('Gamma');
      for (const appId of [gamma.app_id, 'app_0123456789abcdef01234567', 'nope']) {
        const res = await env.adminRequest('POST', `/admin/api/resync/app/${appId}`);
        expect([res.status, res.body]).toEqual([
          404,
          { error: 'No repositories for this app', code: 'NOT_FOUND' },
        ]);
      }
    });
  });
});
