import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil } from '@lib/testing';
import {
  log,
  register,
  type ScanTimings,
  scannerTimings,
  serveGenerated,
  startEnv,
  targetContent,
  timeGitClone,
  waitForFile,
  waitScanned,
} from './harness';
import { CheckTrigger } from './check-trigger';
import { noChange } from './no-change.scenario';
import type { BenchOptions, EngineName } from './options';
import { type GeneratedRepo, TARGET_PATH } from './repo-generator';
import { RssSampler } from './rss-sampler';
import type { BenchSizes } from './sizes';
import { max, median, ratePerSecond } from './stats';

export interface RunContext {
  opts: BenchOptions;
  sizes: BenchSizes;
  manyFiles: GeneratedRepo;
  large: GeneratedRepo | null;
  workDir: string;
}

type Record_ = Record<string, unknown>;
export const MANY = 'bench-org/many-files';

export interface Watched {
  env: DocoraTestEnv;
  repo: TestRepo;
  app: OnboardedApp;
  repositoryId: string;
  trigger: CheckTrigger;
}

/**
 * One fresh environment with the 20,000-file repository: initial sync (+ native clone of the same repository in
 * the same run), then no-change checks, push latency, the 50-app fetch count and the notifier's throughput.
 */
export async function mainEnvRun(engine: EngineName, ctx: RunContext): Promise<Record_> {
  const out: Record_ = {};
  const { env, hookSecret } = await startEnv({
    engine,
    rescanMs: 3_600_000,
    tickMs: 1_000,
    cpuProfDir: ctx.opts.cpuProfDir,
  });
  try {
    const repo = await serveGenerated(env.github, MANY, ctx.manyFiles);
    const app = await env.onboardApp('bench latency');
    const trigger = await CheckTrigger.detect(env, env.github.url, hookSecret);
    out.push_trigger = trigger.kind;

    // Only the target file is delivered, so the figure is registration → repo.scanned with no deliveries running.
    const sampler = new RssSampler(env.docora.pids());
    const t0 = performance.now();
    const repositoryId = await register(env, app, MANY, [TARGET_PATH]);
    await waitScanned(env, repositoryId, ctx.manyFiles.head, 60 * 60_000);
    out.initial_sync_s = (performance.now() - t0) / 1000;
    const rss = sampler.stop();
    out.initial_sync_peak_rss_mb = max(Object.values(rss.peakMbByProcess));
    out.initial_sync_rss_by_process_mb = rss.peakMbByProcess;
    out.initial_sync_scanner_ms = await waitForTimings(env, repositoryId);
    log(
      `${engine}: initial sync of ${ctx.manyFiles.files} files ${(out.initial_sync_s as number).toFixed(2)} s`,
    );
    out.git_clone_depth1_s = await timeGitClone(repo.cloneUrl, join(ctx.workDir, `clone-${randomUUID()}`));
    out.git_clone_depth1_bare_s = await timeGitClone(
      repo.cloneUrl,
      join(ctx.workDir, `clone-${randomUUID()}`),
      ['--bare'],
    );
    out.initial_sync_ratio_vs_git_clone = (out.initial_sync_s as number) / (out.git_clone_depth1_s as number);
    await waitForFile(app, 'create', TARGET_PATH, 'version 0', 120_000);

    const w: Watched = { env, repo, app, repositoryId, trigger };
    const only = new Set(ctx.opts.only);
    if (only.has('no-change')) {
      Object.assign(out, await noChange(engine, w, MANY, ctx.sizes.noChangeSamples));
    }
    let lastMarker = 'version 0';
    if (only.has('push')) {
      const r = await pushLatency(w, ctx.sizes.pushSamples);
      lastMarker = r.lastMarker;
      Object.assign(out, r.out);
    }
    if (only.has('fanout')) {
      Object.assign(out, await fanout(w, ctx.sizes.fanoutApps, lastMarker));
    }
    if (only.has('throughput')) {
      Object.assign(out, await throughput(env, trigger, ctx.sizes.throughputFiles));
    }
    return out;
  } catch (e) {
    log(`${engine}: run failed; Docora's logs:\n${env.docora.allLogs()}`);
    throw e;
  } finally {
    await env.stop();
  }
}

/** Fires the push trigger for a commit of the watched repository (MANY). */
function fireMany(w: Watched, before: string | null, after: string): Promise<void> {
  return w.trigger.fire({
    fullName: MANY,
    before,
    after,
    repositoryId: w.repositoryId,
    appToken: w.app.token,
  });
}

/** Commit one changed file, fire the trigger, time until the `update` webhook arrives; with a breakdown. */
async function pushLatency(w: Watched, samples: number): Promise<{ out: Record_; lastMarker: string }> {
  const total: number[] = [];
  const toFetch: number[] = [];
  const toScan: number[] = [];
  let marker = '';
  for (let i = 0; i < samples; i++) {
    marker = `push ${i} ${randomUUID()}`;
    const before = await w.repo.head();
    const after = await w.repo.commit({ [TARGET_PATH]: targetContent(marker) });
    const first = w.env.github.requests.length;
    const t0 = Date.now();
    await fireMany(w, before, after);
    const hook = await waitForFile(w.app, 'update', TARGET_PATH, marker, 60_000);
    total.push(hook.receivedAt - t0);
    const fetch = w.env.github.requests
      .slice(first)
      .find((r) => r.gitCommand === 'fetch' || r.gitCommand === 'upload-pack');
    toFetch.push(fetch ? fetch.at - t0 : NaN);
    const [scan] = await w.env.query<{ created_at: Date }>(
      'SELECT created_at FROM scans WHERE repository_id = $1 AND to_commit = $2',
      [w.repositoryId, after],
    );
    toScan.push(scan ? scan.created_at.getTime() - t0 : NaN);
  }
  const scanner = await waitForTimings(w.env, w.repositoryId);
  return {
    lastMarker: marker,
    out: {
      push_to_webhook_ms: median(total),
      push_to_webhook_max_ms: max(total),
      push_samples: samples,
      push_to_fetch_request_ms: median(toFetch),
      push_to_scan_recorded_ms: median(toScan),
      push_last_scanner_ms: scanner,
    },
  };
}

/** The scanner logs its breakdown just after recording the scan: wait briefly for the line. */
async function waitForTimings(env: DocoraTestEnv, repositoryId: string): Promise<ScanTimings | null> {
  let t: ScanTimings | null = null;
  await waitUntil(() => (t = scannerTimings(env, repositoryId)) !== null, { timeoutMs: 10_000 }).catch(
    () => undefined,
  );
  return t;
}

/** N apps watch one repository; one commit must cost the git server one fetch. */
async function fanout(w: Watched, apps: number, currentMarker: string): Promise<Record_> {
  const watchers: OnboardedApp[] = [w.app];
  for (let i = 1; i < apps; i++) {
    const a = await w.env.onboardApp(`bench fanout ${i}`);
    await register(w.env, a, MANY, [TARGET_PATH]);
    watchers.push(a);
  }
  await Promise.all(
    watchers.slice(1).map((a) => waitForFile(a, 'create', TARGET_PATH, currentMarker, 180_000)),
  );
  w.env.github.resetRequests();
  const marker = `fanout ${randomUUID()}`;
  const before = await w.repo.head();
  const after = await w.repo.commit({ [TARGET_PATH]: targetContent(marker) });
  const t0 = Date.now();
  await fireMany(w, before, after);
  const hooks = await Promise.all(
    watchers.map((a) => waitForFile(a, 'update', TARGET_PATH, marker, 180_000)),
  );
  return {
    fetches_per_commit_with_50_apps: w.env.github.countFetches(MANY),
    fanout_apps: apps,
    fanout_ls_refs: w.env.github.requests.filter((r) => r.gitCommand === 'ls-refs').length,
    fanout_commit_to_last_webhook_ms: Math.max(...hooks.map((h) => h.receivedAt)) - t0,
  };
}

/** One app, one repository, one commit of N small files: webhooks per second at the receiver, first to last. */
async function throughput(env: DocoraTestEnv, trigger: CheckTrigger, n: number): Promise<Record_> {
  const fullName = 'bench-org/throughput';
  const app = await env.onboardApp('bench throughput');
  const repo = await env.github.createRepo(fullName);
  await repo.commit({ 'seed.md': 'seed\n' });
  const repositoryId = await register(env, app, fullName);
  await app.receiver.waitForCount(1, 60_000);
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    files[`batch/f${String(i).padStart(5, '0')}.md`] =
      `# File ${i}\n\nSmall text file number ${i} of ${n}.\n`;
  }
  const before = await repo.head();
  const after = await repo.commit(files);
  const t0 = Date.now();
  await trigger.fire({ fullName, before, after, repositoryId, appToken: app.token });
  const all = await app.receiver.waitForCount(n + 1, Math.max(120_000, n * 100));
  const batch = all.slice(1);
  const bad = batch.filter((h) => h.event !== 'create' || !h.signatureValid || h.status !== 200);
  if (batch.length !== n || bad.length) {
    throw new Error(
      `throughput: expected ${n} signed creates, got ${batch.length} (${bad.length} unexpected)`,
    );
  }
  const arrivals = batch.map((h) => h.receivedAt);
  return {
    webhooks_per_second: ratePerSecond(arrivals),
    throughput_webhooks: n,
    throughput_commit_to_first_webhook_ms: Math.min(...arrivals) - t0,
  };
}
