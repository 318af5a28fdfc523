import { RepoScannedEvent, Subjects } from '@lib/contracts';
import { ScansReader, SubscriptionsReader } from '@lib/database';
import { EventBus } from '@lib/messaging';
import { PlansRepository } from './plans.repository';
import { PlannerService } from './planner.service';

const REPO = `repo_${'1'.padStart(24, '0')}`;
const [OLD, NEW] = ['a'.repeat(40), 'b'.repeat(40)];
const oid = (c: string) => c.repeat(40);

/** Subscriptions of three apps to one branch, each with its own filter; all planned up to OLD. */
const SUBS = [
  { app_id: 'app_1', include: null, exclude: null },
  { app_id: 'app_2', include: ['docs/**'], exclude: null },
  { app_id: 'app_3', include: null, exclude: ['docs/**'] },
].map((s) => ({ ...s, repository_id: REPO, branch: 'main' }));

/** Collaborators faked (unit test): the reads are counted, the planned items recorded per app. */
function setup() {
  const reads = { changedPaths: 0, listingFor: 0 };
  const committed: Record<string, string[]> = {};
  const subscriptions = {
    forBranch: () => Promise.resolve(SUBS),
    one: (appId: string) => Promise.resolve(SUBS.find((s) => s.app_id === appId) ?? null),
  } as unknown as SubscriptionsReader;
  const scans = {
    head: () => Promise.resolve({ commit_sha: NEW }),
    changedPaths: () => {
      reads.changedPaths++;
      return Promise.resolve(['docs/a.md', 'src/b.ts', 'gone.md']);
    },
    listingFor: () => {
      reads.listingFor++;
      return Promise.resolve([
        { path: 'docs/a.md', blob_oid: oid('1') },
        { path: 'src/b.ts', blob_oid: oid('2') },
      ]);
    },
  } as unknown as ScansReader;
  const plans = {
    transaction: (fn: (em: unknown) => Promise<unknown>) => fn({}),
    lockCursor: (_em: unknown, appId: string) =>
      Promise.resolve({ branch: 'main', planned_commit: OLD, filter: SUBS.find((s) => s.app_id === appId)! }),
    // Each app held gone.md before this scan.
    planned: () => Promise.resolve(new Map([['gone.md', oid('9')]])),
    commitPlan: (_em: unknown, p: { appId: string; items: { action: string; path: string }[] }) => {
      committed[p.appId] = p.items.map((i) => `${i.action} ${i.path}`);
      return Promise.resolve(`cs-${p.appId}`);
    },
  } as unknown as PlansRepository;
  const published: unknown[] = [];
  const events = {
    publish: (subject: string, data: unknown) => Promise.resolve(void published.push([subject, data])),
  };
  const planner = new PlannerService(plans, scans, subscriptions, events as unknown as EventBus);
  return { planner, reads, committed, published };
}

const scanned: RepoScannedEvent = {
  repository_id: REPO,
  branch: 'main',
  from_commit: OLD,
  to_commit: NEW,
  scan_id: '42',
  changed_files: 3,
};

describe(PlannerService.name, () => {
  it('should read a scan once for all its apps and plan each app through its own filter', async () => {
    const { planner, reads, committed, published } = setup();

    await planner.onRepoScanned(scanned, 'corr');

    expect(reads).toEqual({ changedPaths: 1, listingFor: 1 });
    expect(committed).toEqual({
      app_1: ['delete gone.md', 'create docs/a.md', 'create src/b.ts'],
      app_2: ['delete gone.md', 'create docs/a.md'],
      app_3: ['delete gone.md', 'create src/b.ts'],
    });
    expect(published).toHaveLength(3);
    expect(published[0]).toEqual([
      Subjects.ChangesDetected,
      { change_set_id: 'cs-app_1', app_id: 'app_1', repository_id: REPO },
    ]);
  });

  it('should read the scan again for the next scan', async () => {
    const { planner, reads } = setup();

    await planner.onRepoScanned(scanned, 'corr');
    await planner.onRepoScanned({ ...scanned, scan_id: '43' }, 'corr');

    expect(reads).toEqual({ changedPaths: 2, listingFor: 2 });
  });
});
