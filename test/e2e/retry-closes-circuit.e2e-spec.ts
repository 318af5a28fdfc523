import { DocoraTestEnv, OnboardedApp, waitUntil } from '@lib/testing';
import { useEnvHooks } from './support/env-hooks';

/** Far longer than the test: a delivery that goes out must have been let through by the retry, not the probe. */
const COOLDOWN_MS = 10 * 60_000;

/**
 * An explicit retry (admin or app) closes the app's endpoint circuit: the operator says the endpoint works again,
 * so the retried deliveries go at once instead of after the cooldown's probe. A pause is not lifted by a retry.
 */
describe('Retry and the endpoint circuit (e2e)', () => {
  let env: DocoraTestEnv;

  beforeAll(async () => {
    env = await DocoraTestEnv.start({
      mode: 'single',
      env: {
        DELIVERY_RETRY_SCHEDULE: '50ms',
        ENDPOINT_BREAKER_THRESHOLD: '2',
        ENDPOINT_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      },
    });
  }, 120_000);

  useEnvHooks(() => env);

  const circuit = async (app: OnboardedApp) =>
    (await env.adminRequest('GET', `/admin/api/apps/${app.app_id}`)).body.data.deliveries as {
      endpoint_circuit: string;
      paused: boolean;
    };

  /** An app whose endpoint failed both attempts of its first file: subscription failed, circuit open. */
  async function brokenApp(name: string) {
    const app = await env.onboardApp(name);
    app.receiver.setResponder(() => ({ status: 503 }));
    const repo = await env.github.createRepo(`acme/${name.toLowerCase().replace(/ /g, '-')}`);
    await repo.commit({ 'a.md': 'A\n' });
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/${repo.fullName}` });
    const repositoryId = (res.body as { repository_id: string }).repository_id;
    const status = async () =>
      (
        await env.request('GET', `/api/repositories/${repositoryId}`, undefined, {
          authorization: `Bearer ${app.token}`,
        })
      ).body.data?.status as string;
    await waitUntil(async () => (await status()) === 'failed', { timeoutMs: 30_000 });
    expect((await circuit(app)).endpoint_circuit).toBe('open');
    app.receiver.resetResponder();
    return { app, repositoryId, status };
  }

  it('should send the retried deliveries at once, without waiting for the cooldown', async () => {
    const { app, repositoryId, status } = await brokenApp('Fixed app');
    const failures = app.receiver.received.length;

    const res = await env.adminRequest('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });

    expect(res.status).toBe(200);
    const hooks = await app.receiver.waitFor((all) => all.some((h) => h.status === 200), 30_000);
    expect(hooks.slice(failures).map((h) => [h.status, h.event])).toEqual([[200, 'create']]);
    await waitUntil(async () => (await status()) === 'synced', { timeoutMs: 30_000 });
    expect((await circuit(app)).endpoint_circuit).toBe('closed');
  });

  it('should not lift an admin pause: the retried deliveries wait for resume', async () => {
    const { app, repositoryId, status } = await brokenApp('Paused app');
    expect((await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/pause`)).status).toBe(200);
    const failures = app.receiver.received.length;

    const res = await env.adminRequest('POST', '/admin/api/retry', {
      app_id: app.app_id,
      repository_id: repositoryId,
    });
    expect(res.status).toBe(200);

    // The circuit closed (the retry's doing) while the pause holds: proof the retry was handled, and nothing sent.
    await waitUntil(async () => (await circuit(app)).endpoint_circuit === 'closed', { timeoutMs: 30_000 });
    expect(await circuit(app)).toMatchObject({ paused: true });
    expect(app.receiver.received).toHaveLength(failures);
    expect((await env.adminRequest('POST', `/admin/api/apps/${app.app_id}/resume`)).status).toBe(200);
    await app.receiver.waitFor((all) => all.some((h) => h.status === 200), 30_000);
    await waitUntil(async () => (await status()) === 'synced', { timeoutMs: 30_000 });
  });
});
