import type { DocoraConfig } from '@lib/config';
import { AppError, PushHookRequest } from '@lib/contracts';
import { validated } from '../registry.handlers';
import type { ScanQueue } from '../scheduler/scan-queue';
import type { PushHooksRepository } from './push-hooks.repository';
import { PushHooksService } from './push-hooks.service';

const REPO = 'repo_0123456789abcdef01234567';

describe(PushHooksService.name, () => {
  let repository: { target: jest.Mock; markDue: jest.Mock };
  let scans: { enqueue: jest.Mock; isRunning: jest.Mock };

  function service(githubUrl = 'https://ghe.example.com'): PushHooksService {
    const config = { github: { url: githubUrl } } as unknown as DocoraConfig;
    return new PushHooksService(
      repository as unknown as PushHooksRepository,
      scans as unknown as ScanQueue,
      config,
    );
  }

  const push = (over: Partial<PushHookRequest> = {}): PushHookRequest => ({
    provider: 'github',
    full_name: 'Acme/Docs',
    repository_url: 'https://ghe.example.com/Acme/Docs',
    branch: 'main',
    deleted: false,
    ...over,
  });

  beforeEach(() => {
    repository = {
      target: jest.fn().mockResolvedValue({ repository_id: REPO, watched: true }),
      markDue: jest.fn().mockResolvedValue(undefined),
    };
    scans = {
      enqueue: jest.fn().mockResolvedValue(undefined),
      isRunning: jest.fn().mockResolvedValue(false),
    };
  });

  describe('onPush', () => {
    it('should queue a push check of a watched branch, matched by lower-case identity', async () => {
      await expect(service().onPush(push({ delivery_id: 'd-1' }))).resolves.toEqual({
        result: 'queued',
        message: 'Check queued',
        repository_id: REPO,
        branch: 'main',
      });
      expect(repository.target).toHaveBeenCalledWith('acme/docs', 'main');
      expect(scans.enqueue).toHaveBeenCalledWith(REPO, 'main', 'push', 'd-1');
      expect(repository.markDue).not.toHaveBeenCalled();
    });

    it('should queue a check for a deleted branch too (the scanner handles the missing branch)', async () => {
      await expect(service().onPush(push({ deleted: true }))).resolves.toMatchObject({ result: 'queued' });
      expect(scans.enqueue).toHaveBeenCalledWith(REPO, 'main', 'push', expect.any(String));
    });

    it('should also make the branch due when a check is already running (its job id blocks a new one)', async () => {
      scans.isRunning.mockResolvedValue(true);
      await service().onPush(push());
      expect(scans.enqueue).toHaveBeenCalled();
      expect(repository.markDue).toHaveBeenCalledWith(REPO, 'main');
    });

    it.each([
      ['an unknown repository', null, 'Repository is not watched'],
      ['an unwatched branch', { repository_id: REPO, watched: false }, 'Branch is not watched'],
    ])('should ignore %s', async (_case, target, message) => {
      repository.target.mockResolvedValue(target);
      await expect(service().onPush(push())).resolves.toEqual({ result: 'ignored', message });
      expect(scans.enqueue).not.toHaveBeenCalled();
    });

    it.each([
      'https://github.com/Acme/Docs',
      'http://ghe.example.com/Acme/Docs',
      'https://ghe.example.com.evil.test/Acme/Docs',
      'not a url',
    ])('should ignore a GitHub push from %s (not GITHUB_URL)', async (url) => {
      await expect(service().onPush(push({ repository_url: url }))).resolves.toEqual({
        result: 'ignored',
        message: 'Repository is not hosted at GITHUB_URL',
      });
      expect(repository.target).not.toHaveBeenCalled();
    });

    it('should match Gitea and GitLab pushes by name whatever their host', async () => {
      for (const provider of ['gitea', 'gitlab'] as const) {
        await expect(
          service().onPush(push({ provider, repository_url: 'https://git.example.org/acme/docs' })),
        ).resolves.toMatchObject({ result: 'queued' });
      }
      expect(scans.enqueue).toHaveBeenCalledTimes(2);
    });
  });

  describe('request validation', () => {
    it('should accept a well-formed request', () => {
      expect(validated(PushHookRequest, push())).toMatchObject({ full_name: 'Acme/Docs', branch: 'main' });
    });

    it.each([
      ['an unknown provider', { provider: 'bitbucket' }],
      ['a branch with a space', { branch: 'a b' }],
      ['a control character in the name', { full_name: 'acme/\u0001docs' }],
      ['a non-boolean deleted', { deleted: 'yes' }],
      ['a delivery id with spaces', { delivery_id: 'a b' }],
    ])('should refuse %s', (_case, over) => {
      expect(() => validated(PushHookRequest, { ...push(), ...over })).toThrow(AppError);
    });
  });
});
