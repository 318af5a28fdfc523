import { createHmac, randomUUID } from 'node:crypto';

/** The part of Docora's gateway a trigger talks to (DocoraTestEnv in the benchmark, a stub in its test). */
export interface Gateway {
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
}

export interface CheckRequest {
  fullName: string;
  before: string | null;
  after: string;
  repositoryId: string;
  /** Bearer token of a subscribed app (for the sync API). */
  appToken: string;
}

/**
 * Triggers a check of a repository the fastest way Docora offers: a signed GitHub push hook at /hooks/github
 * when the gateway has that route (it answers a signed ping with 2xx), else POST /api/repositories/:id/sync.
 * `kind` labels the results with the trigger that was used.
 */
export class CheckTrigger {
  private constructor(
    private readonly gateway: Gateway,
    private readonly githubUrl: string,
    private readonly secret: string,
    readonly kind: 'github_push_hook' | 'sync_api',
  ) {}

  static async detect(gateway: Gateway, githubUrl: string, secret: string): Promise<CheckTrigger> {
    const probe = new CheckTrigger(gateway, githubUrl, secret, 'github_push_hook');
    const res = await probe.postHook('ping', { zen: 'Keep it logically awesome.', hook_id: 1 });
    return res.status >= 200 && res.status < 300
      ? probe
      : new CheckTrigger(gateway, githubUrl, secret, 'sync_api');
  }

  async fire(req: CheckRequest): Promise<void> {
    if (this.kind === 'sync_api') {
      const res = await this.gateway.request(
        'POST',
        `/api/repositories/${req.repositoryId}/sync`,
        undefined,
        {
          authorization: `Bearer ${req.appToken}`,
        },
      );
      if (res.status !== 202) {
        throw new Error(`sync request failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return;
    }
    const res = await this.postHook('push', pushPayload(this.githubUrl, req));
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`push hook answered ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  private postHook(event: string, payload: unknown) {
    const body = JSON.stringify(payload);
    return this.gateway.request('POST', '/hooks/github', body, {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`,
      'user-agent': 'GitHub-Hookshot/bench',
    });
  }
}

/** The fields of GitHub's `push` event a receiver uses (ref, before/after, repository), as GitHub sends them. */
export function pushPayload(githubUrl: string, req: CheckRequest): Record<string, unknown> {
  const [owner, name] = req.fullName.split('/');
  return {
    ref: 'refs/heads/main',
    before: req.before ?? '0'.repeat(40),
    after: req.after,
    created: req.before === null,
    deleted: false,
    forced: false,
    repository: {
      name,
      full_name: req.fullName,
      owner: { login: owner, name: owner },
      html_url: `${githubUrl}/${req.fullName}`,
      clone_url: `${githubUrl}/${req.fullName}.git`,
      default_branch: 'main',
    },
    pusher: { name: 'bench' },
    head_commit: { id: req.after },
  };
}
