import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocoraTestEnv, FakeGitHub, OnboardedApp, ReceivedWebhook, TestRepo, waitUntil } from '@lib/testing';
import type { EngineName } from './options';
import { git, type GeneratedRepo } from './repo-generator';

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
  github: FakeGitHub,
  fullName: string,
  gen: GeneratedRepo,
): Promise<TestRepo> {
  const repo = await github.createRepo(fullName);
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

export interface ScanTimings {
  total: number;
  ls_refs: number;
  fetch: number;
  diff: number;
  blobs: number;
}

/**
 * The scanner's own breakdown of its last move of `repositoryId` (cumulative ms at the end of each step, from its
 * log line), or null when it is not (yet) in the log.
 */
export function scannerTimings(env: DocoraTestEnv, repositoryId: string): ScanTimings | null {
  let text: string;
  try {
    text = readFileSync(join(env.docora.logDir, 'scanner.log'), 'utf8');
  } catch {
    return null;
  }
  const re = new RegExp(
    `${repositoryId}@\\S+: .* in (\\d+) ms \\(ls-refs (\\d+), fetch (\\d+), diff (\\d+), blobs (\\d+)\\)`,
    'g',
  );
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    last = m;
  }
  if (!last) {
    return null;
  }
  const [total, lsRefs, fetch, diff, blobs] = last.slice(1).map(Number);
  return { total, ls_refs: lsRefs, fetch, diff, blobs };
}
