import type { DocoraConfig } from '@lib/config';
import { AppError, ErrorCode, Procedures } from '@lib/contracts';
import type { RpcClient } from '@lib/messaging';
import { createHmac } from 'node:crypto';
import { GITHUB, GITLAB } from './hook-providers';
import { PushHooksService } from './push-hooks.service';

const SECRET = 'github-secret-value';
const body = Buffer.from(
  JSON.stringify({
    ref: 'refs/heads/main',
    after: 'b'.repeat(40),
    repository: { full_name: 'acme/docs', html_url: 'https://github.com/acme/docs' },
  }),
);
const signed = (raw: Buffer, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  'x-github-event': 'push',
  'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
  ...extra,
});
const QUEUED = {
  result: 'queued',
  message: 'Check queued',
  repository_id: 'repo_0123456789abcdef01234567',
  branch: 'main',
};

describe(PushHooksService.name, () => {
  let call: jest.Mock;

  function service(hooks: Partial<DocoraConfig['hooks']> = { githubSecret: SECRET }): PushHooksService {
    const config = { hooks: { rateLimitPerMinute: 600, ...hooks } } as unknown as DocoraConfig;
    return new PushHooksService({ call } as unknown as RpcClient, config);
  }

  async function failure(p: Promise<unknown>): Promise<AppError> {
    const e: unknown = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }

  beforeEach(() => {
    call = jest.fn().mockResolvedValue(QUEUED);
  });

  it('should answer 404 naming the variable when the secret is not configured, before anything else', async () => {
    const e = await failure(service({}).receive(GITHUB, signed(body), body));
    expect(e.code).toBe(ErrorCode.NotFound);
    expect(e.message).toBe('GitHub push hooks are not enabled (set GITHUB_WEBHOOK_SECRET)');
    const gitlab = await failure(service({ githubSecret: SECRET }).receive(GITLAB, {}, body));
    expect(gitlab.message).toBe('GitLab push hooks are not enabled (set GITLAB_WEBHOOK_TOKEN)');
    expect(call).not.toHaveBeenCalled();
  });

  it('should answer 401 on a bad or missing signature without reading the body or echoing the value', async () => {
    const forged = { ...signed(body), 'x-hub-signature-256': `sha256=${'a'.repeat(64)}` };
    for (const headers of [forged, { 'x-github-event': 'push' }]) {
      const e = await failure(service().receive(GITHUB, headers, Buffer.from('not json')));
      expect(e.code).toBe(ErrorCode.Unauthorized);
      expect(e.message).toBe('Invalid or missing X-Hub-Signature-256');
      expect(e.message).not.toContain('a'.repeat(64));
    }
    expect(call).not.toHaveBeenCalled();
  });

  it('should answer a ping with 200', async () => {
    const ping = Buffer.from('{"zen":"Keep it logically awesome.","hook_id":1}');
    await expect(
      service().receive(GITHUB, signed(ping, { 'x-github-event': 'ping' }), ping),
    ).resolves.toEqual({
      status: 200,
      body: { result: 'pong', message: 'pong' },
    });
    expect(call).not.toHaveBeenCalled();
  });

  it('should acknowledge other events with 202 and ask the registry nothing', async () => {
    await expect(
      service().receive(GITHUB, signed(body, { 'x-github-event': 'issues' }), body),
    ).resolves.toEqual({ status: 202, body: { result: 'ignored', message: 'Event "issues" ignored' } });
    expect(call).not.toHaveBeenCalled();
  });

  it('should pass a verified push to the registry, with the delivery id and no secret', async () => {
    const headers = signed(body, { 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    await expect(service().receive(GITHUB, headers, body)).resolves.toEqual({ status: 202, body: QUEUED });
    expect(call).toHaveBeenCalledWith(Procedures.PushReceived, {
      provider: 'github',
      full_name: 'acme/docs',
      repository_url: 'https://github.com/acme/docs',
      branch: 'main',
      deleted: false,
      delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(JSON.stringify(call.mock.calls)).not.toContain(SECRET);
    expect(JSON.stringify(call.mock.calls)).not.toContain(headers['x-hub-signature-256'].slice(7));
  });

  it('should drop a delivery id that is not a plain identifier', async () => {
    await service().receive(GITHUB, signed(body, { 'x-github-delivery': 'x y\n' }), body);
    expect(call.mock.calls[0][1]).not.toHaveProperty('delivery_id');
  });

  it('should pass the registry’s ignored answer on as 202', async () => {
    call.mockResolvedValue({ result: 'ignored', message: 'Repository is not watched' });
    await expect(service().receive(GITHUB, signed(body), body)).resolves.toEqual({
      status: 202,
      body: { result: 'ignored', message: 'Repository is not watched' },
    });
  });

  it('should refuse a verified but malformed payload with 400 before asking the registry', async () => {
    const bad = Buffer.from('{"ref":"refs/heads/main"}');
    const e = await failure(service().receive(GITHUB, signed(bad), bad));
    expect(e.code).toBe(ErrorCode.ValidationFailed);
    expect(call).not.toHaveBeenCalled();
  });
});
