import { AdminReader } from '@lib/database';
import { Job, Queue } from 'bullmq';
import { AdminQueueService, JOBS_PER_STATE } from './admin-queue.service';

function job(id: string, data: Record<string, unknown>, processedOn?: number): Job {
  return { id, name: 'scan-repository', data, timestamp: 1_700_000_000_000, processedOn } as unknown as Job;
}

function jobs(n: number, prefix: string): Job[] {
  return Array.from({ length: n }, (_, i) =>
    job(`${prefix}${i}`, { repository_id: 'repo_x', branch: 'main' }),
  );
}

describe(AdminQueueService.name, () => {
  let queue: { getJobCounts: jest.Mock; getJobs: jest.Mock };
  let reader: { repositories: jest.Mock };
  let service: AdminQueueService;

  beforeEach(() => {
    queue = {
      getJobCounts: jest.fn().mockResolvedValue({
        waiting: 2,
        prioritized: 3,
        active: 1,
        completed: 4,
        failed: 5,
        delayed: 6,
      }),
      getJobs: jest.fn().mockResolvedValue([]),
    };
    reader = { repositories: jest.fn().mockResolvedValue([]) };
    service = new AdminQueueService(queue as unknown as Queue, reader as unknown as AdminReader);
  });

  describe('counts', () => {
    it('should count prioritised jobs as waiting', async () => {
      await expect(service.counts()).resolves.toEqual({
        waiting: 5,
        active: 1,
        completed: 4,
        failed: 5,
        delayed: 6,
      });
    });

    it('should read missing states as zero', async () => {
      queue.getJobCounts.mockResolvedValue({});
      await expect(service.counts()).resolves.toEqual({
        waiting: 0,
        active: 0,
        completed: 0,
        failed: 0,
        delayed: 0,
      });
    });
  });

  describe('status', () => {
    it('should ask BullMQ for 50 jobs per state (inclusive range 0..49)', async () => {
      await service.status();
      const ranges = queue.getJobs.mock.calls.map((c: unknown[]) => [c[0], c[1], c[2]]);
      expect(ranges).toEqual([
        [['active'], 0, JOBS_PER_STATE - 1],
        [['prioritized', 'waiting'], 0, JOBS_PER_STATE - 1],
        [['delayed'], 0, JOBS_PER_STATE - 1],
      ]);
    });

    it('should cut the union of waiting and prioritised jobs to 50', async () => {
      queue.getJobs.mockImplementation((types: string[]) =>
        Promise.resolve(types.includes('waiting') ? jobs(100, 'w') : []),
      );
      const { jobs: listed } = await service.status();
      expect(listed).toHaveLength(50);
      expect(listed.every((j) => j.status === 'waiting')).toBe(true);
    });

    it('should map each job with its state, repository name and times', async () => {
      queue.getJobs.mockImplementation((types: string[]) =>
        Promise.resolve(
          types[0] === 'active'
            ? [job('a1', { repository_id: 'repo_1', branch: 'main' }, 1_700_000_001_000)]
            : types[0] === 'delayed'
              ? [job('d1', { repository_id: 'repo_gone', branch: 'dev' })]
              : [],
        ),
      );
      reader.repositories.mockResolvedValue([
        { repository_id: 'repo_1', owner: 'Acme', name: 'docs', github_url: 'x' },
      ]);
      const result = await service.status();
      expect(reader.repositories).toHaveBeenCalledWith(['repo_1', 'repo_gone']);
      expect(result.jobs).toEqual([
        {
          id: 'a1',
          name: 'scan-repository',
          repository_id: 'repo_1',
          repository_name: 'Acme/docs',
          branch: 'main',
          status: 'active',
          created_at: new Date(1_700_000_000_000).toISOString(),
          processed_on: new Date(1_700_000_001_000).toISOString(),
        },
        {
          id: 'd1',
          name: 'scan-repository',
          repository_id: 'repo_gone',
          repository_name: null,
          branch: 'dev',
          status: 'delayed',
          created_at: new Date(1_700_000_000_000).toISOString(),
          processed_on: null,
        },
      ]);
      expect(result.status.waiting).toBe(5);
    });

    it('should tolerate a job without the expected data', async () => {
      queue.getJobs.mockImplementation((types: string[]) =>
        Promise.resolve(types[0] === 'active' ? [job('odd', {})] : []),
      );
      const [only] = (await service.status()).jobs;
      expect(only).toMatchObject({ id: 'odd', repository_id: null, repository_name: null, branch: null });
    });
  });
});
