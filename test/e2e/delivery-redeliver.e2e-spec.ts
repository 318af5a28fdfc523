import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { createHash, randomBytes } from 'node:crypto';
import { pathOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const OK = { status: 200, body: '{"ok":true}' };

/**
 * POST /api/deliveries/:delivery_id/redeliver on real processes: the same message again (same bytes, same
 * webhook-id, next X-Docora-Attempt), chunked files included; what the app holds is left alone; a pending
 * delivery is a 409; a failed one is retried and its lane goes on.
 */
describe('Redelivery (e2e)', () => {
  let env: DocoraTestEnv;
  let app: OnboardedApp;
  let repo: TestRepo;
  let repositoryId: string;

  const api = (method: string, path: string) =>
    env.request(method, path, undefined, { authorization: `Bearer ${app.token}` });
  const deliveryOf = (h: ReceivedWebhook) => h.headers['webhook-id'];
  const hooksOf = (path: string) => app.receiver.received.filter((h) => pathOf(h) === path);
  const detail = async (id: string) => (await api('GET', `/api/deliveries/${id}`)).body.data;
  const settled = (id: string) =>
    waitUntil(async () => (await detail(id)).status !== 'pending', { timeoutMs: 30_000 });
  const held = async (path: string) =>
    (
      await env.query<{ sha256: string; blob_oid: string; commit_sha: string; acknowledged_at: Date }>(
        `SELECT sha256, blob_oid, commit_sha, acknowledged_at FROM acknowledged_files WHERE app_id = $1 AND path = $2`,
        [app.app_id, path],
      )
    )[0];

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        BINARY_CHUNK_THRESHOLD_BYTES: '1000',
        BINARY_CHUNK_SIZE_BYTES: '400',
        DELIVERY_RETRY_SCHEDULE: '100ms,100ms',
      },
    });
    app = await env.onboardApp('Redeliveries');
    repo = await env.github.createRepo('acme/again');
    await repo.commit({ 'doc.md': 'v1\n' });
    repositoryId = await watch(env, app, 'acme/again');
    await app.receiver.waitForCount(1, 30_000);
  }, 120_000);

  useEnvHooks(() => env);

  it('should resend a delivered update byte for byte with the next attempt, leaving what the app holds', async () => {
    await repo.commit({ 'doc.md': 'v2\n' });
    await app.receiver.waitFor(() => hooksOf('doc.md').length === 2, 30_000);
    await repo.commit({ 'doc.md': 'v3\n' });
    await app.receiver.waitFor(() => hooksOf('doc.md').length === 3, 30_000);
    const v2 = hooksOf('doc.md')[1];
    expect([v2.event, (v2.body as any).file.sha]).toEqual(['update', sha256('v2\n')]);
    await settled(deliveryOf(hooksOf('doc.md')[2]));
    const before = await held('doc.md');
    expect(before.sha256).toBe(sha256('v3\n'));

    const res = await api('POST', `/api/deliveries/${deliveryOf(v2)}/redeliver`);
    expect([res.status, res.body]).toEqual([
      202,
      { data: { delivery_id: deliveryOf(v2), status: 'pending' } },
    ]);
    await app.receiver.waitFor(() => hooksOf('doc.md').length === 4, 30_000);
    const again = hooksOf('doc.md')[3];
    expect(again.rawBody).toBe(v2.rawBody);
    expect(again.event).toBe('update');
    expect(deliveryOf(again)).toBe(deliveryOf(v2));
    expect(again.headers['x-docora-delivery']).toBe(deliveryOf(v2));
    expect([v2.headers['x-docora-attempt'], again.headers['x-docora-attempt']]).toEqual(['1', '2']);
    expect(again.signatureValid).toBe(true);
    await settled(deliveryOf(v2));
    const d = await detail(deliveryOf(v2));
    expect(d).toMatchObject({ status: 'delivered', event: 'update', attempts: 2 });
    expect(d.attempts_log.map((a: any) => [a.attempt, a.success])).toEqual([
      [1, true],
      [2, true],
    ]);
    // The app was sent an old message again; what it holds (v3) did not change.
    expect(await held('doc.md')).toEqual(before);
    await repo.commit({ 'doc.md': 'v4\n' });
    await app.receiver.waitFor(() => hooksOf('doc.md').length === 5, 30_000);
    expect((hooksOf('doc.md')[4].body as any).previous_sha).toBe(sha256('v3\n'));
  });

  it('should resend every chunk of a chunked file with the same bytes and ids', async () => {
    const bin = randomBytes(1500); // base64 2000 chars over a 1000-byte threshold: 5 chunks of 400
    await repo.commit({ 'blob.bin': bin });
    await app.receiver.waitFor(() => hooksOf('blob.bin').length === 5, 30_000);
    const first = hooksOf('blob.bin');
    const id = (first[0].body as any).file.chunk.id as string;
    const [row] = await env.query<{ delivery_id: string }>(
      `SELECT delivery_id FROM deliveries WHERE app_id = $1 AND path = 'blob.bin'`,
      [app.app_id],
    );
    await settled(row.delivery_id);

    const res = await api('POST', `/api/deliveries/${row.delivery_id}/redeliver`);
    expect(res.status).toBe(202);
    await app.receiver.waitFor(() => hooksOf('blob.bin').length === 10, 30_000);
    const again = hooksOf('blob.bin').slice(5);
    expect(again.map((h) => h.rawBody)).toEqual(first.map((h) => h.rawBody));
    expect(again.map(deliveryOf)).toEqual(first.map(deliveryOf));
    expect(again.map((h) => h.headers['x-docora-attempt'])).toEqual(['2', '2', '2', '2', '2']);
    expect(again.map((h) => (h.body as any).file.chunk.id)).toEqual(Array(5).fill(id));
    expect(Buffer.from(again.map((h) => (h.body as any).file.content).join(''), 'base64')).toEqual(bin);
  });

  it('should refuse a pending delivery with 409 and an unknown one with 404', async () => {
    const paused = await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/pause`);
    expect(paused.status).toBe(200);
    await repo.commit({ 'later.md': 'later\n' });
    let pending: any;
    await waitUntil(
      async () => {
        pending = (await api('GET', '/api/deliveries?status=pending')).body.data.data[0];
        return pending !== undefined;
      },
      { timeoutMs: 30_000 },
    );
    const res = await api('POST', `/api/deliveries/${pending.delivery_id}/redeliver`);
    expect([res.status, res.body]).toEqual([
      409,
      { error: 'The delivery is pending already', code: 'CONFLICT' },
    ]);
    const unknown = await api('POST', '/api/deliveries/00000000-0000-4000-8000-000000000000/redeliver');
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'Delivery not found', code: 'NOT_FOUND' }]);
    await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/resume`);
    await app.receiver.waitFor(() => hooksOf('later.md').length === 1, 30_000);
    expect(hooksOf('later.md')[0].headers['x-docora-attempt']).toBe('1');
  });

  it('should retry a failed delivery on redelivery, numbering on, and let its lane go on', async () => {
    app.receiver.setResponder((h) => (pathOf(h) === 'stuck.md' ? { status: 500, body: 'down' } : OK));
    await repo.commit({ 'stuck.md': 'stuck\n' });
    const subscription = async () =>
      (await api('GET', `/api/repositories/${repositoryId}`)).body.data as { status: string };
    await waitUntil(async () => (await subscription()).status === 'failed', { timeoutMs: 30_000 });
    await repo.commit({ 'after.md': 'after\n' }); // waits behind the failed delivery
    const [failed] = (await api('GET', '/api/deliveries?status=failed')).body.data.data;
    expect(failed).toMatchObject({
      path: 'stuck.md',
      attempts: 3,
      last_status_code: 500,
      last_error: 'HTTP 500',
    });
    expect(hooksOf('stuck.md')).toHaveLength(3);

    app.receiver.resetResponder();
    const res = await api('POST', `/api/deliveries/${failed.delivery_id}/redeliver`);
    expect(res.status).toBe(202);
    await app.receiver.waitFor(() => hooksOf('after.md').length === 1, 30_000);
    expect(hooksOf('stuck.md').map((h) => [h.status, h.headers['x-docora-attempt']])).toEqual([
      [500, '1'],
      [500, '2'],
      [500, '3'],
      [200, '4'],
    ]);
    expect(app.receiver.received.indexOf(hooksOf('after.md')[0])).toBeGreaterThan(
      app.receiver.received.indexOf(hooksOf('stuck.md')[3]),
    );
    expect((await held('stuck.md')).sha256).toBe(sha256('stuck\n')); // a retry: now the app holds it
    await waitUntil(async () => (await subscription()).status === 'synced', { timeoutMs: 30_000 });
  });

  it('should let a redelivery that fails for good neither block the lane nor fail the subscription', async () => {
    const [original] = hooksOf('later.md');
    app.receiver.setResponder((h) => (pathOf(h) === 'later.md' ? { status: 500, body: 'no' } : OK));
    const res = await api('POST', `/api/deliveries/${deliveryOf(original)}/redeliver`);
    expect(res.status).toBe(202);
    await settled(deliveryOf(original));
    expect(await detail(deliveryOf(original))).toMatchObject({ status: 'failed', attempts: 4 });
    expect(hooksOf('later.md').map((h) => [h.status, h.headers['x-docora-attempt']])).toEqual([
      [200, '1'],
      [500, '2'],
      [500, '3'],
      [500, '4'],
    ]);
    await repo.commit({ 'next.md': 'next\n' });
    await app.receiver.waitFor(() => hooksOf('next.md').length === 1, 30_000);
    // Its failure is in the log only: the subscription is synced (the app holds everything).
    await waitUntil(
      async () => (await api('GET', `/api/repositories/${repositoryId}`)).body.data.status === 'synced',
      { timeoutMs: 30_000 },
    );
    expect((await held('later.md')).sha256).toBe(sha256('later\n'));
  });
});
