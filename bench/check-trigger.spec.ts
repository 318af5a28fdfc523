import { createHmac } from 'node:crypto';
import { CheckTrigger, type Gateway } from './check-trigger';

interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

function gateway(answer: (c: Call) => number): Gateway & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    request: (method, path, body, headers) => {
      const call = { method, path, body, headers };
      calls.push(call);
      return Promise.resolve({ status: answer(call), body: null });
    },
  };
}

const req = {
  fullName: 'Acme/Docs',
  before: 'a'.repeat(40),
  after: 'b'.repeat(40),
  repositoryId: 'repo_1',
  appToken: 'docora_t',
};

describe('bench CheckTrigger', () => {
  it('should use a signed GitHub push hook when the gateway answers the signed ping', async () => {
    const gw = gateway((c) => (c.path === '/hooks/github' ? 200 : 404));
    const trigger = await CheckTrigger.detect(gw, 'http://gh.local', 's3cret');
    expect(trigger.kind).toBe('github_push_hook');
    await trigger.fire(req);
    expect(gw.calls.map((c) => c.headers?.['x-github-event'])).toEqual(['ping', 'push']);
    for (const c of gw.calls) {
      const expected = createHmac('sha256', 's3cret')
        .update(c.body as string)
        .digest('hex');
      expect(c.headers?.['x-hub-signature-256']).toBe(`sha256=${expected}`);
    }
    expect(JSON.parse(gw.calls[1].body as string)).toMatchObject({
      ref: 'refs/heads/main',
      before: req.before,
      after: req.after,
      repository: { full_name: 'Acme/Docs', html_url: 'http://gh.local/Acme/Docs' },
    });
  });

  it('should fall back to the sync API (and say so) when there is no hook route', async () => {
    const gw = gateway((c) => (c.path.endsWith('/sync') ? 202 : 404));
    const trigger = await CheckTrigger.detect(gw, 'http://gh.local', 's3cret');
    expect(trigger.kind).toBe('sync_api');
    await trigger.fire(req);
    expect(gw.calls[1]).toMatchObject({
      method: 'POST',
      path: '/api/repositories/repo_1/sync',
      headers: { authorization: 'Bearer docora_t' },
    });
  });

  it('should fail loudly when the trigger is refused', async () => {
    const hook = await CheckTrigger.detect(
      gateway((c) => (c.headers?.['x-github-event'] === 'ping' ? 204 : 400)),
      'x',
      's',
    );
    await expect(hook.fire(req)).rejects.toThrow(/push hook answered 400/);
    const sync = await CheckTrigger.detect(
      gateway(() => 429),
      'x',
      's',
    );
    await expect(sync.fire(req)).rejects.toThrow(/sync request failed: 429/);
  });
});
