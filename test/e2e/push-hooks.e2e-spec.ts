import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { randomBytes } from 'node:crypto';
import { useEnvHooks } from './support/env-hooks';
import { hex, JSON_TYPE, post } from './support/push-hooks';

/**
 * Inbound push hooks on real processes. Polling is effectively off (RESCAN_INTERVAL_MS of an hour): after the
 * initial snapshot, a commit reaches the apps only when a push hook asks for a check.
 */
describe('Push hooks (e2e)', () => {
  const GITHUB_SECRET = randomBytes(16).toString('hex');
  const GITEA_SECRET = randomBytes(16).toString('hex');
  const GITLAB_TOKEN = randomBytes(16).toString('hex');
  let env: DocoraTestEnv;
  let docs: TestRepo;
  let handbook: TestRepo;
  let app: OnboardedApp;
  let docsId: string;

  const github = (payload: unknown, event = 'push', extra: Record<string, string> = {}) => {
    const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return post(env.url, '/hooks/github', raw, {
      ...JSON_TYPE,
      'x-github-event': event,
      'x-github-delivery': randomBytes(8).toString('hex'),
      'x-hub-signature-256': `sha256=${hex(GITHUB_SECRET, raw)}`,
      ...extra,
    });
  };
  const githubPush = (fullName: string, over: Record<string, unknown> = {}) => ({
    ref: 'refs/heads/main',
    before: 'a'.repeat(40),
    after: 'b'.repeat(40),
    created: false,
    deleted: false,
    repository: { full_name: fullName, html_url: `${env.github.url}/${fullName}` },
    commits: [],
    ...over,
  });
  /** An `update` of docs' a.md whose new content is `content`. */
  const updatedTo = (content: string) => (all: ReceivedWebhook[]) =>
    all.some(
      (w) =>
        w.event === 'update' &&
        (w.body as any)?.repository?.repository_id === docsId &&
        (w.body as any)?.file?.path === 'a.md' &&
        (w.body as any)?.file?.content === content,
    );
  const gitRequests = (repo: string) => env.github.requests.filter((r) => r.repo === repo);

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        RESCAN_INTERVAL_MS: '3600000',
        GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
        GITEA_WEBHOOK_SECRET: GITEA_SECRET,
        GITLAB_WEBHOOK_TOKEN: GITLAB_TOKEN,
        HOOK_RATE_LIMIT_PER_MINUTE: '500',
      },
    });
    docs = await env.github.createRepo('Acme/Docs');
    await docs.commit({ 'a.md': 'A1\n' });
    handbook = await env.github.createRepo('acme/handbook');
    await handbook.commit({ 'h.md': 'H1\n' });
    const unwatched = await env.github.createRepo('acme/unwatched');
    await unwatched.commit({ 'u.md': 'U\n' });
    app = await env.onboardApp('Hook app');
    for (const name of ['Acme/Docs', 'acme/handbook']) {
      const res = await env.registerRepository(app, { github_url: `${env.github.url}/${name}` });
      expect(res.status).toBe(201);
      if (name === 'Acme/Docs') {
        docsId = res.body.repository_id;
      }
    }
    await app.receiver.waitFor((all) => all.filter((w) => w.event === 'create').length === 2, 30_000);
  }, 120_000);

  useEnvHooks(() => env);

  it('should check a watched branch now on a signed GitHub push and deliver the change', async () => {
    await docs.commit({ 'a.md': 'A2\n' });
    const res = await github(githubPush('acme/docs'));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      result: 'queued',
      message: 'Check queued',
      repository_id: docsId,
      branch: 'main',
    });
    expect(res.headers['x-ratelimit-limit']).toBe('500');
    await app.receiver.waitFor(updatedTo('A2\n'), 30_000);
  });

  it('should accept GitHub’s form-encoded content type', async () => {
    await docs.commit({ 'a.md': 'A3\n' });
    const raw = new URLSearchParams({ payload: JSON.stringify(githubPush('Acme/Docs')) }).toString();
    const res = await post(env.url, '/hooks/github', raw, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hex(GITHUB_SECRET, raw)}`,
    });
    expect(res.status).toBe(202);
    expect(res.body.result).toBe('queued');
    await app.receiver.waitFor(updatedTo('A3\n'), 30_000);
  });

  it('should answer a GitHub ping with 200', async () => {
    const res = await github({ zen: 'Design for failure.', hook_id: 42 }, 'ping');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'pong', message: 'pong' });
  });

  it('should check the repository on a signed Gitea push', async () => {
    await docs.commit({ 'g.md': 'G1\n' });
    await docs.commit({ 'a.md': 'A-gitea\n' });
    const raw = JSON.stringify(githubPush('acme/docs', { deleted: undefined }));
    const res = await post(env.url, '/hooks/gitea', raw, {
      ...JSON_TYPE,
      'x-gitea-event': 'push',
      'x-gitea-signature': hex(GITEA_SECRET, raw),
    });
    expect(res.status).toBe(202);
    expect(res.body.result).toBe('queued');
    await app.receiver.waitFor(updatedTo('A-gitea\n'), 30_000);
  });

  it('should check the repository on a GitLab push with the right token', async () => {
    await docs.commit({ 'a.md': 'A-gitlab\n' });
    const raw = JSON.stringify({
      object_kind: 'push',
      ref: 'refs/heads/main',
      after: 'c'.repeat(40),
      project: { path_with_namespace: 'acme/docs', web_url: 'https://gitlab.example/acme/docs' },
    });
    const res = await post(env.url, '/hooks/gitlab', raw, {
      ...JSON_TYPE,
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': GITLAB_TOKEN,
    });
    expect(res.status).toBe(202);
    expect(res.body.result).toBe('queued');
    await app.receiver.waitFor(updatedTo('A-gitlab\n'), 30_000);
  });

  it('should refuse bad signatures and tokens with 401 and touch no repository', async () => {
    await docs.commit({ 'a.md': 'A-forged\n' });
    app.receiver.clear();
    env.github.resetRequests();
    const raw = JSON.stringify(githubPush('acme/docs'));
    const attempts = [
      post(env.url, '/hooks/github', raw, {
        ...JSON_TYPE,
        'x-github-event': 'push',
        'x-hub-signature-256': `sha256=${hex('wrong-secret', raw)}`,
      }),
      post(env.url, '/hooks/github', raw, { ...JSON_TYPE, 'x-github-event': 'push' }),
      post(env.url, '/hooks/gitea', raw, {
        ...JSON_TYPE,
        'x-gitea-event': 'push',
        'x-gitea-signature': hex(GITHUB_SECRET, raw),
      }),
      post(env.url, '/hooks/gitlab', raw, {
        ...JSON_TYPE,
        'x-gitlab-event': 'Push Hook',
        'x-gitlab-token': GITEA_SECRET,
      }),
    ];
    const replies = await Promise.all(attempts);
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(replies[0].body).toEqual({
      error: 'Invalid or missing X-Hub-Signature-256',
      code: 'UNAUTHORIZED',
    });
    expect(replies[3].body).toEqual({ error: 'Invalid or missing X-Gitlab-Token', code: 'UNAUTHORIZED' });
    expect(JSON.stringify(replies)).not.toContain(GITHUB_SECRET);

    // Barrier: a valid push for another repository is checked; the forged ones were never queued.
    const barrier = await github(githubPush('acme/handbook'));
    expect(barrier.body.result).toBe('queued');
    await waitUntil(() => gitRequests('acme/handbook').some((r) => r.gitCommand === 'ls-refs'), {
      timeoutMs: 30_000,
    });
    expect(gitRequests('acme/docs')).toEqual([]);
    expect(env.github.countFetches('acme/docs')).toBe(0);
    expect(app.receiver.byEvent('update')).toEqual([]);

    // The same commit arrives as soon as a genuine push names it (the test above could fail).
    expect((await github(githubPush('acme/docs'))).status).toBe(202);
    await app.receiver.waitFor(updatedTo('A-forged\n'), 30_000);
  });

  it.each([
    ['an unknown repository', () => githubPush('acme/unwatched'), 'Repository is not watched'],
    [
      'a branch nobody watches',
      () => githubPush('acme/docs', { ref: 'refs/heads/other' }),
      'Branch is not watched',
    ],
    [
      'a repository on another host',
      () =>
        githubPush('acme/docs', {
          repository: { full_name: 'acme/docs', html_url: 'https://github.com/acme/docs' },
        }),
      'Repository is not hosted at GITHUB_URL',
    ],
    ['a tag', () => githubPush('acme/docs', { ref: 'refs/tags/v1.0' }), 'Not a branch push'],
  ])('should acknowledge %s with 202 and do nothing', async (_case, payload, message) => {
    env.github.resetRequests();
    const res = await github(payload());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ result: 'ignored', message });
    // Barrier as above: a genuine check of another repository completes, and nothing else was touched.
    await github(githubPush('acme/handbook'));
    await waitUntil(() => gitRequests('acme/handbook').some((r) => r.gitCommand === 'ls-refs'), {
      timeoutMs: 30_000,
    });
    expect(env.github.requests.filter((r) => r.repo !== 'acme/handbook')).toEqual([]);
  });

  it('should acknowledge other GitHub events with 202', async () => {
    const res = await github({ action: 'opened' }, 'issues');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ result: 'ignored', message: 'Event "issues" ignored' });
  });

  it('should check the branch on a deleted-branch push', async () => {
    env.github.resetRequests();
    const res = await github(githubPush('acme/docs', { deleted: true, after: '0'.repeat(40) }));
    expect(res.status).toBe(202);
    expect(res.body.result).toBe('queued');
    await waitUntil(() => gitRequests('acme/docs').some((r) => r.gitCommand === 'ls-refs'), {
      timeoutMs: 30_000,
    });
  });

  it.each([
    ['a body that is not JSON', '{"ref": ', {}, 'Malformed JSON body'],
    [
      'a push without a repository',
      JSON.stringify({ ref: 'refs/heads/main' }),
      {},
      'body/repository is required',
    ],
    [
      'a push without a ref',
      JSON.stringify({ repository: { full_name: 'acme/docs' } }),
      {},
      'body/ref is required',
    ],
    [
      'a missing event header',
      JSON.stringify({}),
      { 'x-github-event': '' },
      'headers/X-GitHub-Event is required',
    ],
  ])('should refuse %s with 400 (signature valid)', async (_case, raw, extra, error) => {
    const headers: Record<string, string> = {
      ...JSON_TYPE,
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hex(GITHUB_SECRET, raw)}`,
      ...extra,
    };
    if (headers['x-github-event'] === '') {
      delete headers['x-github-event'];
    }
    const res = await post(env.url, '/hooks/github', raw, headers);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error, code: 'VALIDATION_FAILED' });
  });

  it('should refuse a GitLab push without a project with 400', async () => {
    const raw = JSON.stringify({ object_kind: 'push', ref: 'refs/heads/main' });
    const res = await post(env.url, '/hooks/gitlab', raw, {
      ...JSON_TYPE,
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': GITLAB_TOKEN,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'body/project is required',
      code: 'VALIDATION_FAILED',
      details: ['body/project is required'],
    });
  });

  it('should take signed bodies over the 1 MB JSON limit, and refuse those over 5 MiB with 413', async () => {
    const big = githubPush('acme/unwatched', { commits: [{ message: 'x'.repeat(2 * 1024 * 1024) }] });
    const ok = await github(big);
    expect(ok.status).toBe(202);
    expect(ok.body.message).toBe('Repository is not watched');
    const huge = JSON.stringify(githubPush('acme/docs', { filler: 'x'.repeat(5 * 1024 * 1024) }));
    const res = await post(env.url, '/hooks/github', huge, {
      ...JSON_TYPE,
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hex(GITHUB_SECRET, huge)}`,
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: 'Request body too large (limit 5242880 bytes)',
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('should keep the hooks’ rate-limit bucket apart from the API’s', async () => {
    const api = await post(env.url, '/api/repositories', '{}', {
      ...JSON_TYPE,
      authorization: `Bearer ${app.token}`,
    });
    expect(api.headers['x-ratelimit-limit']).toBe('1000000');
    const hook = await github({ zen: 'z' }, 'ping');
    expect(hook.headers['x-ratelimit-limit']).toBe('500');
  });
});
