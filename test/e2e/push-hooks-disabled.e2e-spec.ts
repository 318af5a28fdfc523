import { DocoraTestEnv } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';
import { JSON_TYPE, post } from './support/push-hooks';

/** A hook whose secret is not configured does not exist (404); the hooks' own rate limit still applies. */
describe('Push hooks without secrets (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: { HOOK_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '10' },
    });
  }, 120_000);

  useEnvHooks(() => env);

  it.each([
    ['github', 'GitHub push hooks are not enabled (set GITHUB_WEBHOOK_SECRET)'],
    ['gitea', 'Gitea push hooks are not enabled (set GITEA_WEBHOOK_SECRET)'],
    ['gitlab', 'GitLab push hooks are not enabled (set GITLAB_WEBHOOK_TOKEN)'],
  ])('should answer 404 on /hooks/%s', async (provider, error) => {
    const res = await post(
      env.url,
      `/hooks/${provider}`,
      '{}',
      { ...JSON_TYPE, 'x-github-event': 'ping' },
      '127.0.0.2',
    );
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error, code: 'NOT_FOUND' });
  });

  it('should limit hooks per client address (HOOK_RATE_LIMIT_PER_MINUTE)', async () => {
    const from = '127.0.0.3';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post(env.url, '/hooks/github', '{}', JSON_TYPE, from)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    // The API's bucket of the same address is untouched: this is its first request.
    const api = await post(env.url, '/api/repositories', '{}', JSON_TYPE, from);
    expect(api.status).toBe(401);
    expect(api.headers['x-ratelimit-limit']).toBe('10');
    expect(api.headers['x-ratelimit-remaining']).toBe('9');
  });
});
