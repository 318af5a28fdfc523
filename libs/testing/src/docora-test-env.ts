import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppName, DocoraProcesses } from './docora-processes';
import { cleanupNamespace } from './namespace-cleanup';
import { FakeGitHub } from './fake-github';
import { createTestDatabase, TestDatabase, uniqueNamespace } from './test-database';
import { WebhookReceiver } from './webhook-receiver';

export interface OnboardedApp {
  app_id: string;
  token: string;
  key: string;
  receiver: WebhookReceiver;
}

/**
 * Everything an end-to-end scenario needs, all real: a fresh database, a private NATS/Redis namespace, a fake
 * GitHub (REST + git smart HTTP), Docora's processes, and signature-verifying receivers.
 */
export class DocoraTestEnv {
  readonly receivers: WebhookReceiver[] = [];
  private cookie = '';

  private constructor(
    readonly namespace: string,
    readonly db: TestDatabase,
    readonly github: FakeGitHub,
    readonly docora: DocoraProcesses,
    private readonly pg: Client,
    /** GIT_CACHE_DIR of the processes (to check what git wrote to disk). */
    readonly gitCacheDir: string,
  ) {}

  static async start(opts: {
    mode: 'single' | 'separate';
    env?: Record<string, string>;
    /** Per-app additions to `env` ('separate' mode only). */
    appEnv?: Partial<Record<AppName, Record<string, string>>>;
    readyTimeoutMs?: number;
    nodeArgs?: string[];
  }): Promise<DocoraTestEnv> {
    const db = await createTestDatabase();
    const github = await FakeGitHub.start();
    const cacheDir = mkdtempSync(join(tmpdir(), 'docora-git-'));
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DOCORA_NAMESPACE: uniqueNamespace(),
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.apiUrl,
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'admin-password',
      ADMIN_SESSION_SECRET: randomBytes(24).toString('hex'),
      ALLOW_PRIVATE_URLS: 'true',
      GIT_CACHE_DIR: cacheDir,
      SCAN_INTERVAL_MS: '200',
      RESCAN_INTERVAL_MS: '300',
      RECONCILE_INTERVAL_MS: '1000',
      DELIVERY_LEASE_MS: '3000',
      DELIVERY_RETRY_SCHEDULE: '200ms,400ms,800ms,1s,1s,1s',
      LOG_LEVEL: 'info',
      // Scenarios poll the API from one address every 50 ms; only the rate-limit tests (which set it) want a limit.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...opts.env,
    };
    const docora = new DocoraProcesses(opts.mode, env, opts.appEnv, {
      readyTimeoutMs: opts.readyTimeoutMs,
      nodeArgs: opts.nodeArgs,
    });
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const envObj = new DocoraTestEnv(env.DOCORA_NAMESPACE, db, github, docora, pg, cacheDir);
    try {
      await docora.start();
    } catch (e) {
      await envObj.stop();
      throw e;
    }
    return envObj;
  }

  get url(): string {
    return this.docora.gatewayUrl;
  }

  /** Runs SQL against Docora's database (assertions and waiting on state, never writes). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg.query(sql, params)).rows as T[];
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(this.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async adminLogin(): Promise<void> {
    const res = await fetch(this.url + '/admin/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password' }),
    });
    if (res.status !== 200) {
      throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
    }
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  }

  adminRequest(method: string, path: string, body?: unknown) {
    return this.request(method, path, body, { cookie: this.cookie });
  }

  /** Onboards an app whose base_url is a fresh signature-verifying receiver. */
  async onboardApp(name = 'Demo app'): Promise<OnboardedApp> {
    if (!this.cookie) {
      await this.adminLogin();
    }
    const key = randomBytes(24).toString('hex');
    const receiver = await WebhookReceiver.start({ key, path: '/hooks' });
    this.receivers.push(receiver);
    const res = await this.adminRequest('POST', '/admin/api/apps/onboard', {
      base_url: receiver.url,
      app_name: name,
      email: 'dev@example.com',
      client_auth_key: key,
    });
    if (res.status !== 201) {
      throw new Error(`onboard failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const data = (res.body as { data: { app_id: string; token: string } }).data;
    return { app_id: data.app_id, token: data.token, key, receiver };
  }

  registerRepository(app: OnboardedApp, body: Record<string, unknown>) {
    return this.request('POST', '/api/repositories', body, { authorization: `Bearer ${app.token}` });
  }

  async stop(): Promise<void> {
    await this.docora.stop().catch(() => undefined);
    await Promise.all(this.receivers.map((r) => r.stop().catch(() => undefined)));
    await this.pg.end().catch(() => undefined);
    await this.github.stop().catch(() => undefined);
    await this.db.drop().catch(() => undefined);
    await cleanupNamespace(this.namespace).catch(() => undefined);
    rmSync(this.gitCacheDir, { recursive: true, force: true });
  }
}
