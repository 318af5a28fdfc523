import { DocoraTestEnv, OnboardedApp } from '@lib/testing';
import { unchanged } from './bad-input';
import { useEnvHooks } from './env-hooks';
import { rawRequest, RawReply } from './raw-http';

export const GITHUB_TOKEN = 'ghp_' + 'b'.repeat(36);
export const PUBLIC_URL = 'https://1.1.1.1/hooks'; // a public literal: accepted without DNS, never called

/** Every route of today's API that takes a JSON body. */
export type BodyRoute = 'register' | 'token' | 'onboard' | 'login' | 'retry' | 'resync' | 'patch';
export const BODY_ROUTES: BodyRoute[] = ['register', 'token', 'onboard', 'login', 'retry', 'resync', 'patch'];

interface Target {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** A body that would succeed, and change state, if the bad part of a request got through. */
  valid: Record<string, unknown>;
}

/**
 * The bad-input body suites' world: one app with a registered repository (its initial snapshot delivered), another
 * app, an admin session, and a valid request for every body route to spoil one part of.
 */
export class BodyRoutesFixture {
  private constructor(
    readonly env: DocoraTestEnv,
    readonly app: OnboardedApp,
    readonly other: OnboardedApp,
    readonly repositoryId: string,
    readonly cookie: string,
  ) {}

  static async start(onStarted: (env: DocoraTestEnv) => void): Promise<BodyRoutesFixture> {
    const env = await DocoraTestEnv.start({ mode: 'single', env: { RESCAN_INTERVAL_MS: '3600000' } });
    onStarted(env);
    await (await env.github.createRepo('acme/docs')).commit({ 'a.md': 'A\n' });
    await (await env.github.createRepo('acme/other')).commit({ 'b.md': 'B\n' });
    env.github.addToken(GITHUB_TOKEN);
    const app = await env.onboardApp('Bad input app');
    const other = await env.onboardApp('Other app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/docs` });
    expect(res.status).toBe(201);
    await app.receiver.waitFor((all) => all.length === 1, 30_000);
    const login = await rawRequest(env.url, 'POST', '/admin/api/login', {
      body: { username: 'admin', password: 'admin-password' },
    });
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
    expect(cookie).toMatch(/^sessionId=/);
    return new BodyRoutesFixture(env, app, other, res.body.repository_id, cookie);
  }

  target(route: BodyRoute): Target {
    const bearer = { authorization: `Bearer ${this.app.token}` };
    const admin = { cookie: this.cookie };
    const ref = { app_id: this.app.app_id, repository_id: this.repositoryId };
    const targets: Record<BodyRoute, Target> = {
      register: {
        method: 'POST',
        path: '/api/repositories',
        headers: bearer,
        valid: { github_url: `${this.env.github.url}/acme/other` },
      },
      token: {
        method: 'PATCH',
        path: `/api/repositories/${this.repositoryId}/token`,
        headers: bearer,
        valid: { github_token: GITHUB_TOKEN },
      },
      onboard: {
        method: 'POST',
        path: '/admin/api/apps/onboard',
        headers: admin,
        valid: {
          base_url: PUBLIC_URL,
          app_name: 'Would be onboarded',
          email: 'dev@example.com',
          client_auth_key: 'k'.repeat(32),
        },
      },
      login: {
        method: 'POST',
        path: '/admin/api/login',
        headers: {},
        valid: { username: 'admin', password: 'admin-password' },
      },
      retry: { method: 'POST', path: '/admin/api/retry', headers: admin, valid: ref },
      resync: { method: 'POST', path: '/admin/api/resync', headers: admin, valid: ref },
      patch: {
        method: 'PATCH',
        path: `/admin/api/apps/${this.app.app_id}`,
        headers: admin,
        valid: { app_name: 'Would be renamed' },
      },
    };
    return targets[route];
  }

  /**
   * Sends `body` to the route (an object as JSON; a string as is, declared application/json) with the headers
   * given, and checks that it changed nothing: no registry row, and no session cookie for a refused login.
   * A header given as '' is left out.
   */
  async refused(route: BodyRoute, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
    const t = this.target(route);
    const all: Record<string, string> = {
      ...t.headers,
      ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
    for (const [k, v] of Object.entries(all)) {
      if (v === '') {
        delete all[k];
      }
    }
    const res = await unchanged(this.env, () =>
      rawRequest(this.env.url, t.method, t.path, { headers: all, body }),
    );
    expect(res.headers['set-cookie']).toBeUndefined();
    return res;
  }

  /** Only the one valid registration's snapshot was ever delivered: nothing refused was scanned or sent. */
  expectNoOtherWebhook(): void {
    expect(this.app.receiver.received.map((h) => `${h.event} ${(h.body as any).file.path}`)).toEqual([
      'create a.md',
    ]);
    expect(this.other.receiver.received).toEqual([]);
  }
}

/**
 * Starts one BodyRoutesFixture for the enclosing describe, with the env hooks (logs on failure, stop afterwards);
 * call the returned function inside tests to reach it.
 */
export function useBodyRoutesFixture(): () => BodyRoutesFixture {
  let env: DocoraTestEnv | undefined;
  let fx: BodyRoutesFixture | undefined;

  beforeAll(async () => {
    fx = await BodyRoutesFixture.start((started) => (env = started));
  }, 120_000);

  useEnvHooks(() => env);

  return () => {
    if (!fx) {
      throw new Error('BodyRoutesFixture did not start (see beforeAll)');
    }
    return fx;
  };
}
