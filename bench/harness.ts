import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import type { EngineName } from './options';
import { git, type GeneratedRepo, TARGET_PATH } from './repo-generator';

export const log = (m: string): void =>
  void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

export interface EnvSettings {
  engine: EngineName;
  /** RESCAN_INTERVAL_MS: how often each repository is polled. */
  rescanMs: number;
  /** SCAN_INTERVAL_MS: how often the scheduler looks for due repositories. */
  tickMs: number;
  cpuProfDir: string | null;
}

/**
 * A fresh Docora (fresh database and namespace, each app in its own process so each one's memory can be read)
 * in front of a fake GitHub. Production defaults except the polling intervals and the bench's secrets.
 */
export async function startEnv(s: EnvSettings): Promise<{ env: DocoraTestEnv; hookSecret: string }> {
  const hookSecret = randomBytes(16).toString('hex');
  const env = await DocoraTestEnv.start({
    mode: 'separate',
    readyTimeoutMs: 180_000,
    nodeArgs: s.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${s.cpuProfDir}`] : [],
    env: {
      NODE_ENV: 'production',
      GIT_ENGINE: s.engine,
      SCAN_INTERVAL_MS: String(s.tickMs),
      RESCAN_INTERVAL_MS: String(s.rescanMs),
      RECONCILE_INTERVAL_MS: '30000',
      DELIVERY_LEASE_MS: '15000',
      GITHUB_WEBHOOK_SECRET: hookSecret,
    },
  });
  log(`Docora (${s.engine}) up, logs in ${env.docora.logDir}`);
  return { env, hookSecret };
}

/**
 * Serves a cached generated repository from the fake GitHub without copying it: the served bare repository
 * borrows the cache's objects (git alternates) and gets its branch. Commits made later go to the served copy only.
 */
export async function serveGenerated(
  env: DocoraTestEnv,
  fullName: string,
  gen: GeneratedRepo,
): Promise<TestRepo> {
  const repo = await env.github.createRepo(fullName);
  await writeFile(join(repo.bareDir, 'objects', 'info', 'alternates'), `${join(gen.dir, 'objects')}\n`);
  await git(['update-ref', 'refs/heads/main', gen.head], { cwd: repo.bareDir });
  return repo;
}

export async function register(
  env: DocoraTestEnv,
  app: OnboardedApp,
  fullName: string,
  include?: string[],
): Promise<string> {
  const res = await env.registerRepository(app, {
    github_url: `${env.github.url}/${fullName}`,
    ...(include ? { include } : {}),
  });
  if (res.status !== 201) {
    throw new Error(`registration of ${fullName} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (res.body as { repository_id: string }).repository_id;
}

/** Polls Docora's database until the scanner recorded a scan of `commit` (the event repo.scanned follows it). */
export async function waitScanned(
  env: DocoraTestEnv,
  repositoryId: string,
  commit: string,
  timeoutMs: number,
): Promise<void> {
  await waitUntil(
    async () =>
      (
        await env.query('SELECT 1 FROM scans WHERE repository_id = $1 AND to_commit = $2', [
          repositoryId,
          commit,
        ])
      ).length > 0,
    { timeoutMs, intervalMs: 20, message: `scan of ${commit} for ${repositoryId}` },
  );
}

/** The webhook for `path` whose content contains `marker`, once it arrived. */
export async function waitForFile(
  app: OnboardedApp,
  event: string,
  path: string,
  marker: string,
  timeoutMs = 60_000,
): Promise<ReceivedWebhook> {
  const match = (h: ReceivedWebhook) => {
    const file = (h.body as { file?: { path?: string; content?: string } } | undefined)?.file;
    return h.event === event && file?.path === path && (file.content ?? '').includes(marker);
  };
  const all = await app.receiver.waitFor((hooks) => hooks.some(match), timeoutMs);
  return all.find(match) as ReceivedWebhook;
}

export function targetContent(marker: string): string {
  return `# Benchmark target\n\n${marker}\n`;
}

/** Wall time of a native `git clone` from the fake GitHub, in seconds (the clone is deleted afterwards). */
export async function timeGitClone(url: string, dir: string, extra: string[] = []): Promise<number> {
  const t0 = performance.now();
  await git(['clone', '--quiet', '--depth', '1', ...extra, url, dir]);
  const seconds = (performance.now() - t0) / 1000;
  await rm(dir, { recursive: true, force: true });
  return seconds;
}

/**
 * Triggers a check of a repository the fastest way Docora offers: a signed GitHub push hook at /hooks/github
 * when the gateway has that route, else POST /api/repositories/:id/sync (labelled in the results).
 */
export class CheckTrigger {
  private constructor(
    private readonly env: DocoraTestEnv,
    private readonly secret: string,
    readonly kind: 'github_push_hook' | 'sync_api',
  ) {}

  static async detect(env: DocoraTestEnv, secret: string): Promise<CheckTrigger> {
    const probe = new CheckTrigger(env, secret, 'github_push_hook');
    const res = await probe.postHook('ping', { zen: 'Keep it logically awesome.', hook_id: 1 });
    return res.status >= 200 && res.status < 300 ? probe : new CheckTrigger(env, secret, 'sync_api');
  }

  async fire(opts: {
    fullName: string;
    before: string | null;
    after: string;
    repositoryId: string;
    app: OnboardedApp;
  }): Promise<void> {
    if (this.kind === 'sync_api') {
      const res = await this.env.request('POST', `/api/repositories/${opts.repositoryId}/sync`, undefined, {
        authorization: `Bearer ${opts.app.token}`,
      });
      if (res.status !== 202) {
        throw new Error(`sync request failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return;
    }
    const [owner, name] = opts.fullName.split('/');
    const res = await this.postHook('push', {
      ref: 'refs/heads/main',
      before: opts.before ?? '0'.repeat(40),
      after: opts.after,
      created: false,
      deleted: false,
      forced: false,
      repository: {
        name,
        full_name: opts.fullName,
        owner: { login: owner, name: owner },
        html_url: `${this.env.github.url}/${opts.fullName}`,
        clone_url: `${this.env.github.url}/${opts.fullName}.git`,
        default_branch: 'main',
      },
      pusher: { name: 'bench' },
      commits: [{ id: opts.after, modified: [TARGET_PATH] }],
      head_commit: { id: opts.after, modified: [TARGET_PATH] },
    });
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`push hook answered ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  private postHook(event: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`;
    return this.env.request('POST', '/hooks/github', body, {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
      'user-agent': 'GitHub-Hookshot/bench',
    });
  }
}
