import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import { Octokit } from '@octokit/rest';
import { RepoCoordinates } from './github-url';

export interface GithubRepository {
  owner: string;
  name: string;
  isPrivate: boolean;
  defaultBranch: string;
}

/** GitHub (or GitHub Enterprise, or the test fake) REST: does the repository exist for this token? */
@Injectable()
export class GithubClient {
  constructor(@Inject(DOCORA_CONFIG) private readonly config: DocoraConfig) {}

  async getRepository(c: RepoCoordinates, token?: string): Promise<GithubRepository> {
    const octokit = new Octokit({
      auth: token,
      baseUrl: this.config.github.apiUrl,
      userAgent: 'Docora',
      request: { timeout: 15_000, retries: 0 },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    try {
      const { data } = await octokit.rest.repos.get({ owner: c.owner, repo: c.name });
      return {
        owner: data.owner.login,
        name: data.name,
        isPrivate: data.private,
        defaultBranch: data.default_branch,
      };
    } catch (e) {
      const status = (e as { status?: number }).status;
      // v1 messages (404 for all three on registration; the token route maps them to 422).
      if (status === 404) {
        throw new AppError(ErrorCode.RepositoryNotFound, 'Repository not found or not accessible');
      }
      if (status === 401) {
        throw new AppError(ErrorCode.InvalidGithubToken, 'Invalid GitHub token');
      }
      throw new AppError(ErrorCode.GithubValidationFailed, 'Failed to validate repository');
    }
  }
}
