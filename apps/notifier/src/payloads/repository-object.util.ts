import type { WebhookRepository } from './payload.types';

/** Rebuilt field by field so that key order never depends on how the caller built its object. */
export function repositoryObject(repository: WebhookRepository): WebhookRepository {
  return {
    repository_id: repository.repository_id,
    github_url: repository.github_url,
    owner: repository.owner,
    name: repository.name,
  };
}
