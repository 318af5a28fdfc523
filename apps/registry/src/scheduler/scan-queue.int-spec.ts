import { Queues, ScanJobData, ScanReason } from '@lib/contracts';
import { cleanupNamespace, uniqueNamespace, waitUntil } from '@lib/testing';
import { Job, Queue, Worker } from 'bullmq';
import { ScanQueue } from './scan-queue';

const CONNECTION = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const REPO = `repo_${'1'.repeat(24)}`;

/**
 * The scan queue on a real Redis: per branch at most one check waits and one runs, urgent checks jump the queue,
 * a request during a running check runs after it, and a failed check does not block the next.
 */
describe(ScanQueue.name, () => {
  const ns = uniqueNamespace();
  let queue: Queue<ScanJobData>;
  let scans: ScanQueue;
  let worker: Worker<ScanJobData> | undefined;

  beforeAll(() => {
    queue = new Queue<ScanJobData>(Queues.Scan, { connection: CONNECTION, prefix: ns });
    scans = new ScanQueue(queue);
  });

  afterEach(async () => {
    await worker?.close(true); // force: a job left waiting on its release must not hold the test
    worker = undefined;
    await queue.obliterate({ force: true });
  });

  afterAll(async () => {
    await queue.close();
    await cleanupNamespace(ns);
  });

  const waiting = async () =>
    (await queue.getJobs(['prioritized', 'waiting'])).map((j) => [j.data.branch, j.data.reason, j.priority]);

  /** A worker whose every job waits until released; `ran` records the jobs in the order they started. */
  function startWorker(fail = false) {
    const ran: Array<[string, ScanReason]> = [];
    const releases: Array<() => void> = [];
    worker = new Worker<ScanJobData>(
      Queues.Scan,
      async (job: Job<ScanJobData>) => {
        ran.push([job.data.branch, job.data.reason]);
        await new Promise<void>((r) => releases.push(r));
        if (fail) {
          throw new Error('scan failed');
        }
      },
      { connection: CONNECTION, prefix: ns, concurrency: 1 },
    );
    return { ran, releases };
  }

  it('should keep one waiting check per branch and move it up for a manual sync or a push', async () => {
    await scans.enqueue(REPO, 'main', 'schedule');
    await scans.enqueue(REPO, 'other', 'schedule');
    await scans.enqueue(REPO, 'main', 'schedule');
    expect(await waiting()).toHaveLength(2);
    await scans.enqueue(REPO, 'other', 'push');
    const jobs = await waiting();
    expect(jobs).toHaveLength(2);
    expect(jobs).toContainEqual(['other', 'schedule', 1]);
    expect(jobs).toContainEqual(['main', 'schedule', 10]);
    const { ran, releases } = startWorker();
    await waitUntil(() => ran.length === 1);
    expect(ran[0][0]).toBe('other'); // jumped the queue
    releases[0]();
  });

  it('should run a check requested during a running one right after it, once', async () => {
    const { ran, releases } = startWorker();
    await scans.enqueue(REPO, 'main', 'schedule');
    await waitUntil(() => ran.length === 1);
    await scans.enqueue(REPO, 'main', 'push');
    await scans.enqueue(REPO, 'main', 'manual');
    expect(await waiting()).toEqual([]); // never two at once for a branch
    releases[0]();
    await waitUntil(() => ran.length === 2);
    releases[1]();
    expect(ran).toEqual([
      ['main', 'schedule'],
      ['main', 'manual'],
    ]);
    await waitUntil(async () => (await queue.getJobCounts('active', 'prioritized', 'waiting')).active === 0);
    expect(await waiting()).toEqual([]);
  });

  it('should accept a new check for a branch whose last check failed', async () => {
    const { ran, releases } = startWorker(true);
    await scans.enqueue(REPO, 'main', 'schedule');
    await waitUntil(() => ran.length === 1);
    releases[0]();
    await waitUntil(async () => (await queue.getJobCounts('failed')).failed === 1);
    await scans.enqueue(REPO, 'main', 'schedule');
    await waitUntil(() => ran.length === 2);
    releases[1]();
  });
});
