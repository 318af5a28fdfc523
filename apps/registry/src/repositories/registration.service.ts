import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import {
  AppError,
  ErrorCode,
  RegisterRepositoryRequest,
  RepositoryRegistration,
  Subjects,
} from '@lib/contracts';
import { sameFilter } from '@lib/database';
import { EventBus } from '@lib/messaging';
import { SecretCipher } from '@lib/signing';
import { ScanQueue } from '../scheduler/scan-queue';
import { GithubClient } from './github.client';
import { canonicalGithubUrl, parseGithubUrl, repositoryIdentity } from './github-url';
import { normalisePatterns } from './glob-filter';
import { RepositoriesRepository } from './repositories.repository';

@Injectable()
export class RegistrationService {
  constructor(
    private readonly github: GithubClient,
    private readonly repositories: RepositoriesRepository,
    private readonly scans: ScanQueue,
    private readonly cipher: SecretCipher,
    private readonly events: EventBus,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /**
   * Register or re-register. Re-registration updates the subscription in place (branch, filters, token) and keeps
   * what the app already received, so a change of filters or branch delivers exactly the difference.
   */
  async register(req: RegisterRepositoryRequest): Promise<RepositoryRegistration> {
    const coords = parseGithubUrl(req.github_url, this.config.github.url);
    const include = normalisePatterns('include', req.include);
    const exclude = normalisePatterns('exclude', req.exclude);
    const gh = await this.github.getRepository(coords, req.github_token);
    const spelled = { owner: gh.owner, name: gh.name };
    const branch = req.branch ?? gh.defaultBranch;

    let scopeChanged = false;
    const repository = await this.repositories.transaction(async (em) => {
      const repo = await this.repositories.upsertRepository(em, {
        identity: repositoryIdentity(spelled),
        owner: gh.owner,
        name: gh.name,
        github_url: canonicalGithubUrl(this.config.github.url, spelled),
        is_private: gh.isPrivate,
        default_branch: gh.defaultBranch,
      });
      const before = await this.repositories.subscription(em, req.app_id, repo.repository_id);
      scopeChanged =
        !!before &&
        (before.branch !== branch ||
          !sameFilter({ include: before.include, exclude: before.exclude }, { include, exclude }));
      try {
        await this.repositories.upsertSubscription(em, {
          app_id: req.app_id,
          repository_id: repo.repository_id,
          branch,
          include,
          exclude,
          github_token_encrypted: req.github_token ? this.cipher.encrypt(req.github_token) : null,
        });
      } catch (e) {
        // The app was deleted between authentication and this insert.
        if (/foreign key/i.test((e as Error).message)) {
          throw new AppError(ErrorCode.Unauthorized, 'Invalid token');
        }
        throw e;
      }
      await this.repositories.watchBranch(em, repo.repository_id, branch);
      return repo;
    });

    await this.scans.enqueue(repository.repository_id, branch, 'initial');
    if (scopeChanged) {
      await this.events.publish(Subjects.SubscriptionReset, {
        app_id: req.app_id,
        repository_id: repository.repository_id,
        branch,
        mode: 'scope',
      });
    }
    return {
      repository_id: repository.repository_id,
      github_url: repository.github_url,
      owner: repository.owner,
      name: repository.name,
      is_private: repository.is_private,
      created_at: repository.created_at.toISOString(),
      branch,
      include,
      exclude,
    };
  }
}
