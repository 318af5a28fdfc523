import { BulkRedeliveryJobData, Queues } from '@lib/contracts';
import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { Queue } from 'bullmq';
import { pathOf, watch } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

const OPERATION_ID = /^bulk_[0-9a-f]{16}$/;
const FILES = ['a.md', 'b.md', 'c.md', 'd.md'];

/**
 * Admin bulk redelivery (SPEC §3) on real processes: the count first, then a durable job in the notifier whose
 * progress counts what was really re-sent; a snapshot of ids (later deliveries are not added); cancel, made
 * deterministic by a receiver that holds the first redelivery until the job has seen the cancellation.
 */
describe('Bulk redelivery (e2e)', () => {
  let env: DocoraTestEnv;
  let queue: Queue<BulkRedeliveryJobData>;
  let one: OnboardedApp;
  let two: OnboardedApp;
  let repo: TestRepo;

  const bulk = (body: unknown) => env.adminRequest('POST', '/admin/api/deliveries/redeliver', body);
  const progress = async (id: string) =>
    (await env.adminRequest('GET', `/admin/api/retry/progress/${id}`)).body.data;
  const jobDone = (id: string) =>
    waitUntil(async () => (await queue.getJobState(id)) === 'completed', { timeoutMs: 30_000 });
  const noPending = () =>
    waitUntil(
      async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending'`)).length === 0,
      {
        timeoutMs: 30_000,
      },
    );
  const attemptOf = (h: ReceivedWebhook) => h.headers['x-docora-attempt'];

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
    queue = new Queue(Queues.BulkRedeliveries, {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: env.namespace,
    });
    one = await env.onboardApp('Bulk one');
    two = await env.onboardApp('Bulk two');
    repo = await env.github.createRepo('acme/bulk');
    await repo.commit(Object.fromEntries(FILES.map((f) => [f, `${f}\n`])));
    const other = await env.github.createRepo('acme/bystander');
    await other.commit({ 'x.md': 'x\n', 'y.md': 'y\n' });
    await watch(env, one, 'acme/bulk');
    await watch(env, two, 'acme/bystander');
    await one.receiver.waitForCount(4, 30_000);
    await two.receiver.waitForCount(2, 30_000);
    await noPending();
  }, 120_000);

  afterAll(() => queue?.close());
  useEnvHooks(() => env);

  it('should count first, then re-send exactly what it counted, with progress to completion', async () => {
    const count = async (body: object) => {
      const res = await bulk({ ...body, dry_run: true });
      expect(res.status).toBe(200);
      return res.body.data as { total: number };
    };
    expect(await count({ app_id: one.app_id })).toEqual({ total: 4 });
    expect(await count({ all: true })).toEqual({ total: 6 });
    expect(await count({ status: 'failed' })).toEqual({ total: 0 });
    const nothing = await bulk({ app_id: one.app_id, status: 'failed' });
    expect([nothing.status, nothing.body]).toEqual([200, { data: { operation_id: null, total: 0 } }]);
    expect(one.receiver.received).toHaveLength(4);

    const res = await bulk({ app_id: one.app_id });
    expect(res.status).toBe(202);
    expect(res.body.data).toEqual({ operation_id: expect.stringMatching(OPERATION_ID), total: 4 });
    const id = res.body.data.operation_id as string;
    await waitUntil(async () => (await progress(id)).completed === 4, { timeoutMs: 30_000 });
    expect(await progress(id)).toEqual({
      operation_id: id,
      total: 4,
      completed: 4,
      succeeded: 4,
      failed: 0,
      cancelled: false,
      errors: [],
    });
    // Oldest first, each the same bytes under the same webhook-id, attempt 2; nothing for the other app.
    const [first, again] = [one.receiver.received.slice(0, 4), one.receiver.received.slice(4)];
    expect(again.map(pathOf)).toEqual(FILES);
    expect(again.map((h) => h.rawBody)).toEqual(first.map((h) => h.rawBody));
    expect(again.map((h) => h.headers['webhook-id'])).toEqual(first.map((h) => h.headers['webhook-id']));
    expect(again.map(attemptOf)).toEqual(['2', '2', '2', '2']);
    expect(two.receiver.received).toHaveLength(2);
  });

  it('should cover only the deliveries matched at the start, and stop on cancel', async () => {
    // Hold every request until released: the first redelivery stays on its way while the test acts.
    one.receiver.setResponder(() => ({ status: 200, body: '{"ok":true}', delayMs: 60_000 }));
    const res = await bulk({ app_id: one.app_id });
    expect(res.body.data.total).toBe(4);
    const id = res.body.data.operation_id as string;
    await one.receiver.waitFor(
      () => one.receiver.inFlight === 1 && one.receiver.received.length === 9,
      30_000,
    );
    // A change made now is not part of the operation (it is sent once, in its lane, after the held one).
    await repo.commit({ 'late.md': 'late\n' });
    await waitUntil(
      async () => (await env.query(`SELECT 1 FROM deliveries WHERE path = 'late.md'`)).length === 1,
      {
        timeoutMs: 30_000,
      },
    );

    const cancel = await env.adminRequest('POST', `/admin/api/retry/cancel/${id}`);
    expect([cancel.status, cancel.body]).toEqual([200, { data: { message: 'Cancellation requested' } }]);
    await jobDone(id); // the job saw the cancellation while the held redelivery was still on its way
    one.receiver.resetResponder();
    one.receiver.releaseHeld();
    await noPending();

    expect(await progress(id)).toMatchObject({ total: 4, completed: 0, succeeded: 0, cancelled: true });
    expect(await queue.getJob(id).then((j) => j?.returnvalue)).toBe('cancelled');
    const round = one.receiver.received.slice(8);
    expect(round.map((h) => [pathOf(h), attemptOf(h)])).toEqual([
      ['a.md', '3'], // the one on its way when cancelled still went out
      ['late.md', '1'],
    ]);
  });
});
