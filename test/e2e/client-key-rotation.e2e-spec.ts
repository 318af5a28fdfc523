import { createHmac, timingSafeEqual } from 'node:crypto';
import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import { standardValid } from './support/delivery-checks';
import { useEnvHooks } from './support/env-hooks';

/** v1's formula, written here from the documentation: hex HMAC-SHA256(key, "<timestamp>.<raw body>"). */
function v1Valid(key: string, w: ReceivedWebhook): boolean {
  const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(`${w.headers['x-docora-timestamp']}.${w.rawBody}`, 'utf8')
    .digest();
  const given = Buffer.from((w.headers['x-docora-signature'] ?? '').replace(/^sha256=/, ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Rotation of an app's client_auth_key (SPEC §3, §4.2) on real processes: during the grace period both keys sign
 * the Standard Webhooks header (the v1 header uses the new key); after it only the new key signs. Signatures are
 * checked by the `standardwebhooks` package and by the v1 formula.
 */
describe('client_auth_key rotation (e2e)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;
  const NEW_KEY = 'rotated-key-' + 'x'.repeat(20);
  const NEWER_KEY = 'rotated-again-' + 'y'.repeat(20);

  const storedKey = async () =>
    (
      await env.query<{ k: string; p: string | null; until: Date | null }>(
        `SELECT client_auth_key_encrypted AS k, previous_client_auth_key_encrypted AS p,
                previous_key_expires_at AS until FROM apps WHERE app_id = $1`,
        [app.app_id],
      )
    )[0];

  /** Commits one file and returns the webhook it produced. */
  async function commitAndReceive(path: string): Promise<ReceivedWebhook> {
    const before = app.receiver.received.length;
    await repo.commit({ [path]: `${path} at ${Date.now()}\n` });
    await env.request('POST', `/api/repositories/${repositoryId}/sync`, undefined, {
      authorization: `Bearer ${app.token}`,
    });
    await app.receiver.waitFor((all) => all.length > before, 30_000);
    return app.receiver.received[before];
  }

  let repositoryId: string;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    repo = await env.github.createRepo('acme/keys');
    await repo.commit({ 'a.md': 'A\n' });
    app = await env.onboardApp('Key app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/keys` });
    expect(res.status).toBe(201);
    repositoryId = res.body.repository_id;
    await app.receiver.waitFor((all) => all.length === 1, 30_000);
  }, 120_000);

  useEnvHooks(() => env);

  const rotate = (body: unknown, appId = app.app_id) =>
    env.adminRequest('POST', `/admin/api/apps/${appId}/client-key`, body);

  it('should sign with the onboarding key before any rotation', () => {
    const first = app.receiver.received[0];
    expect(v1Valid(app.key, first)).toBe(true);
    expect(standardValid(app.key, first)).toBe(true);
    expect(first.headers['webhook-signature'].split(' ')).toHaveLength(1);
  });

  it.each([
    ['a short key', { client_auth_key: 'short' }],
    ['a non-string key', { client_auth_key: 1234567890123456 }],
    ['a missing key', { grace_seconds: 10 }],
    ['a negative grace', { client_auth_key: NEW_KEY, grace_seconds: -1 }],
    ['a fractional grace', { client_auth_key: NEW_KEY, grace_seconds: 1.5 }],
    ['a string grace', { client_auth_key: NEW_KEY, grace_seconds: '10' }],
    ['a grace above 30 days', { client_auth_key: NEW_KEY, grace_seconds: 30 * 86400 + 1 }],
    ['an unknown field', { client_auth_key: NEW_KEY, extra: true }],
  ])('should refuse %s with 400 and change nothing', async (_, body) => {
    const before = await storedKey();
    const res = await rotate(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', error: expect.any(String) });
    expect(await storedKey()).toEqual(before);
  });

  it('should refuse the current key with 409, an unknown app with 404, and no session with 401', async () => {
    const before = await storedKey();
    const same = await rotate({ client_auth_key: app.key });
    expect(same.status).toBe(409);
    expect(same.body).toEqual({ error: 'The new client_auth_key is the current one', code: 'CONFLICT' });
    const unknown = await rotate({ client_auth_key: NEW_KEY }, 'app_' + '0'.repeat(24));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'App not found', code: 'NOT_FOUND' });
    const anonymous = await env.request('POST', `/admin/api/apps/${app.app_id}/client-key`, {
      client_auth_key: NEW_KEY,
    });
    expect(anonymous.status).toBe(401);
    expect(await storedKey()).toEqual(before);
  });

  it('should sign with both keys during the grace period, the v1 header with the new key', async () => {
    const res = await rotate({ client_auth_key: NEW_KEY, grace_seconds: 3600 });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      app_id: app.app_id,
      rotated_at: expect.any(String),
      previous_key_expires_at: expect.any(String),
    });
    const until = Date.parse(res.body.data.previous_key_expires_at);
    expect(until - Date.parse(res.body.data.rotated_at)).toBeGreaterThan(3590_000);
    const stored = await storedKey();
    expect(stored.k).not.toContain(NEW_KEY); // encrypted at rest

    const w = await commitAndReceive('b.md');
    expect(w.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(v1Valid(NEW_KEY, w)).toBe(true);
    expect(v1Valid(app.key, w)).toBe(false);
    expect(standardValid(NEW_KEY, w)).toBe(true);
    expect(standardValid(app.key, w)).toBe(true);
  });

  it('should end the older key at once on a second rotation and stop signing with a key whose grace ended', async () => {
    const res = await rotate({ client_auth_key: NEWER_KEY, grace_seconds: 5 });
    expect(res.status).toBe(200);
    const during = await commitAndReceive('c.md');
    expect(standardValid(NEWER_KEY, during)).toBe(true);
    expect(standardValid(NEW_KEY, during)).toBe(true);
    expect(standardValid(app.key, during)).toBe(false); // the onboarding key was the "older" one
    expect(v1Valid(NEWER_KEY, during)).toBe(true);

    const until = Date.parse(res.body.data.previous_key_expires_at);
    // A wait on the clock, not a stand-in for synchronisation: the grace ends at a wall-clock instant, which the
    // notifier compares with its own clock when it takes up the app's lane (signingKeys), so the condition is that
    // instant having passed; the 1.1 s past it is slack. (The admin API's view of the grace follows the database's
    // clock, not the notifier's, so polling it would prove no more.)
    await waitUntil(() => Date.now() > until + 1_100, { timeoutMs: 15_000 });
    const after = await commitAndReceive('d.md');
    expect(after.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(standardValid(NEWER_KEY, after)).toBe(true);
    expect(standardValid(NEW_KEY, after)).toBe(false);
    expect(v1Valid(NEWER_KEY, after)).toBe(true);
  });

  it('should end the grace period at once with grace_seconds 0', async () => {
    const res = await rotate({ client_auth_key: NEW_KEY + 'z', grace_seconds: 0 });
    expect(res.status).toBe(200);
    expect(res.body.data.previous_key_expires_at).toBeNull();
    const w = await commitAndReceive('e.md');
    expect(w.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(standardValid(NEW_KEY + 'z', w)).toBe(true);
    expect(standardValid(NEWER_KEY, w)).toBe(false);
  });
});
