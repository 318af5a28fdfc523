import { Inject, Injectable, Logger } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { PushHookMessages, PushHookRequest, PushHookResult } from '@lib/contracts';
import { randomUUID } from 'node:crypto';
import { parseGithubUrl } from '../repositories/github-url';
import { ScanQueue } from '../scheduler/scan-queue';
import { PushHooksRepository } from './push-hooks.repository';

/**
 * A verified push: when it names a watched repository branch, that branch is checked now (jumping the polling
 * queue); anything else is acknowledged and ignored — the sender proved it holds the secret, and a 4xx would only
 * make the provider show a failed delivery for a repository Docora simply does not watch.
 *
 * Matching is by identity (case-insensitive `owner/name`), as repositories are stored. Every repository is
 * fetched from GITHUB_URL, so a GitHub push from another host (github.com while GITHUB_URL is an Enterprise
 * server, or the reverse) names a different repository and is ignored. Gitea and GitLab pushes are matched by
 * name only: either GITHUB_URL is that server (Gitea speaks the same git protocol), or the repository is mirrored
 * to GITHUB_URL from there; the worst a wrong match costs is one cheap no-change check.
 */
@Injectable()
export class PushHooksService {
  private readonly logger = new Logger('PushHooks');

  constructor(
    private readonly repository: PushHooksRepository,
    private readonly scans: ScanQueue,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  async onPush(req: PushHookRequest): Promise<PushHookResult> {
    if (req.provider === 'github' && req.repository_url && !this.onGithubUrl(req.repository_url)) {
      return { result: 'ignored', message: PushHookMessages.OtherHost };
    }
    const target = await this.repository.target(req.full_name.toLowerCase(), req.branch);
    if (!target) {
      return { result: 'ignored', message: PushHookMessages.UnknownRepository };
    }
    if (!target.watched) {
      return { result: 'ignored', message: PushHookMessages.UnwatchedBranch };
    }
    const correlationId = req.delivery_id ?? randomUUID();
    // A check that is already running may have listed the refs before this push: its job id blocks a new job
    // until it ends, so the branch is also made due and the scheduler's next tick checks it again.
    const running = await this.scans.isRunning(target.repository_id, req.branch);
    await this.scans.enqueue(target.repository_id, req.branch, 'push', correlationId);
    if (running) {
      await this.repository.markDue(target.repository_id, req.branch);
    }
    this.logger.log(
      `${req.provider} push to ${target.repository_id}@${req.branch}${req.deleted ? ' (branch deleted)' : ''}: check queued (correlation ${correlationId})`,
    );
    return {
      result: 'queued',
      message: PushHookMessages.Queued,
      repository_id: target.repository_id,
      branch: req.branch,
    };
  }

  private onGithubUrl(url: string): boolean {
    try {
      parseGithubUrl(url, this.config.github.url);
      return true;
    } catch {
      return false;
    }
  }
}
