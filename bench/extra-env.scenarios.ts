import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  log,
  register,
  serveGenerated,
  startEnv,
  targetContent,
  timeGitClone,
  waitForFile,
  waitScanned,
} from './harness';
import type { RunContext } from './main-env.scenarios';
import type { EngineName } from './options';
import { TARGET_PATH } from './repo-generator';
import { RssSampler } from './rss-sampler';
import { max, median } from './stats';

type Record_ = Record<string, unknown>;

/**
 * No push hook: a commit lands at a random moment of the polling cycle and is found by the scheduler
 * (RESCAN_INTERVAL_MS, ±10 % jitter, looked at every SCAN_INTERVAL_MS). The wait before each commit only
 * randomises that phase; it is not synchronisation.
 */
export async function pollRun(engine: EngineName, ctx: RunContext): Promise<Record_> {
  const { pollIntervalMs, pollTickMs, pollSamples } = ctx.sizes;
  const { env } = await startEnv({
    engine,
    rescanMs: pollIntervalMs,
    tickMs: pollTickMs,
    cpuProfDir: ctx.opts.cpuProfDir,
  });
  try {
    const fullName = 'bench-org/many-files';
    const repo = await serveGenerated(env.github, fullName, ctx.manyFiles);
    const app = await env.onboardApp('bench poll');
    const repositoryId = await register(env, app, fullName, [TARGET_PATH]);
    await waitScanned(env, repositoryId, ctx.manyFiles.head, 60 * 60_000);
    await waitForFile(app, 'create', TARGET_PATH, 'version 0', 120_000);
    const total: number[] = [];
    const detectToWebhook: number[] = [];
    for (let i = 0; i < pollSamples; i++) {
      // Deliberate: a random phase within the polling cycle (see above), not a wait for anything.
      await new Promise((r) => setTimeout(r, Math.random() * pollIntervalMs));
      const marker = `poll ${i} ${randomUUID()}`;
      await repo.commit({ [TARGET_PATH]: targetContent(marker) });
      const t0 = Date.now();
      const first = env.github.requests.length;
      const hook = await waitForFile(app, 'update', TARGET_PATH, marker, pollIntervalMs * 3 + 60_000);
      total.push(hook.receivedAt - t0);
      // The first ref listing after the commit is the check that found it.
      const found = env.github.requests.slice(first).find((r) => r.gitCommand === 'ls-refs' && r.at >= t0);
      detectToWebhook.push(found ? hook.receivedAt - found.at : NaN);
    }
    log(`${engine}: poll latencies ${total.join(', ')} ms`);
    return {
      poll_to_webhook_ms: median(total),
      poll_to_webhook_max_ms: max(total),
      poll_interval_ms: pollIntervalMs,
      poll_scheduler_tick_ms: pollTickMs,
      poll_samples: pollSamples,
      poll_detect_to_webhook_ms: median(detectToWebhook),
    };
  } finally {
    await env.stop();
  }
}

/**
 * Peak resident memory of each Docora process while the ~200 MB repository is registered, fetched, indexed and
 * planned (until its one filtered file is delivered). VmHWM is the kernel's exact high-water mark.
 */
export async function memoryRun(engine: EngineName, ctx: RunContext): Promise<Record_> {
  const gen = ctx.large;
  if (!gen) {
    throw new Error('memory scenario without the large repository');
  }
  const { env } = await startEnv({
    engine,
    rescanMs: 3_600_000,
    tickMs: 1_000,
    cpuProfDir: ctx.opts.cpuProfDir,
  });
  try {
    const fullName = 'bench-org/large';
    const repo = await serveGenerated(env.github, fullName, gen);
    const app = await env.onboardApp('bench memory');
    const sampler = new RssSampler(env.docora.pids());
    const t0 = performance.now();
    const repositoryId = await register(env, app, fullName, [TARGET_PATH]);
    await waitScanned(env, repositoryId, gen.head, 60 * 60_000);
    const syncS = (performance.now() - t0) / 1000;
    await waitForFile(app, 'create', TARGET_PATH, 'version 0', 300_000);
    const rss = sampler.stop();
    log(
      `${engine}: large repository synced in ${syncS.toFixed(1)} s, peak RSS ${JSON.stringify(rss.peakMbByProcess)} MB`,
    );
    return {
      peak_rss_mb: max(Object.values(rss.peakMbByProcess)),
      peak_rss_by_process_mb: rss.peakMbByProcess,
      peak_rss_git_child_mb: rss.peakChildMb,
      large_repo_mb: Math.round(gen.bytes / 1e6),
      large_repo_initial_sync_s: syncS,
      large_repo_git_clone_depth1_s: await timeGitClone(
        repo.cloneUrl,
        join(ctx.workDir, `clone-${randomUUID()}`),
      ),
    };
  } catch (e) {
    log(`${engine}: memory run failed; Docora's logs:\n${env.docora.allLogs()}`);
    throw e;
  } finally {
    await env.stop();
  }
}
