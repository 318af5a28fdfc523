import { randomUUID } from 'node:crypto';
import { DocoraTestEnv, OnboardedApp, ReceivedWebhook, TestRepo } from '@lib/testing';
import { CheckTrigger } from './check-trigger';
import { log, register, startEnv, waitForFile } from './harness';
import type { EngineName } from './options';
import type { BenchSizes } from './sizes';
import { max, median, ratePerSecond } from './stats';

type Figures = Record<string, unknown>;
const FANOUT_REPO = 'bench-org/delivery-fanout';
const LATENCY_REPO = 'bench-org/delivery-latency';
const LATENCY_PATH = 'latency.md';
/** Long enough to outlast the scenario: the endpoint neither answers nor closes (stop() cuts it). */
const HANG_MS = 30 * 60_000;

/**
 * Delivery under load, in an environment of its own (the git engine hardly matters: one small commit per step):
 * - webhooks per second when one commit fans out to many apps (one lane per app, in parallel);
 * - the push → webhook latency of a healthy app, first alone with its neighbours healthy, then while 10 other
 *   apps watching the same repository hang (accept the request, never answer).
 */
export async function deliveryRun(engine: EngineName, sizes: BenchSizes): Promise<Figures> {
  const { env, hookSecret } = await startEnv({
    engine,
    rescanMs: 3_600_000,
    tickMs: 1_000,
    cpuProfDir: null,
  });
  try {
    const trigger = await CheckTrigger.detect(env, env.github.url, hookSecret);
    return {
      ...(await manyApps(env, trigger, sizes.deliveryApps, sizes.deliveryFilesPerApp)),
      ...(await hangingNeighbours(env, trigger, sizes.hangingApps, sizes.hangSamples)),
    };
  } catch (e) {
    log(`delivery: run failed; Docora's logs:\n${env.docora.allLogs()}`);
    throw e;
  } finally {
    await env.stop();
  }
}

async function onboardWatching(env: DocoraTestEnv, n: number, fullName: string, label: string) {
  const apps: OnboardedApp[] = [];
  let repositoryId = '';
  for (let i = 0; i < n; i++) {
    const app = await env.onboardApp(`bench ${label} ${i}`);
    repositoryId = await register(env, app, fullName);
    apps.push(app);
  }
  return { apps, repositoryId };
}

/** N apps on one repository; one commit of F files: N × F webhooks, rate from first to last arrival. */
async function manyApps(
  env: DocoraTestEnv,
  trigger: CheckTrigger,
  n: number,
  files: number,
): Promise<Figures> {
  const repo = await env.github.createRepo(FANOUT_REPO);
  await repo.commit({ 'seed.md': 'seed\n' });
  const { apps, repositoryId } = await onboardWatching(env, n, FANOUT_REPO, 'fanout');
  await Promise.all(apps.map((a) => a.receiver.waitForCount(1, 300_000)));
  const content: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    content[`batch/f${String(i).padStart(4, '0')}.md`] = `# File ${i}\n\nOne of ${files} small files.\n`;
  }
  const before = await repo.head();
  const after = await repo.commit(content);
  const t0 = Date.now();
  await trigger.fire({ fullName: FANOUT_REPO, before, after, repositoryId, appToken: apps[0].token });
  const timeoutMs = Math.max(300_000, n * files * 50);
  const received = await Promise.all(apps.map((a) => a.receiver.waitForCount(files + 1, timeoutMs)));
  const batch: ReceivedWebhook[] = received.flatMap((all) => all.slice(1));
  const bad = batch.filter((h) => h.event !== 'create' || !h.signatureValid || h.status !== 200);
  if (batch.length !== n * files || bad.length) {
    throw new Error(
      `many apps: expected ${n * files} signed creates, got ${batch.length} (${bad.length} bad)`,
    );
  }
  const arrivals = batch.map((h) => h.receivedAt);
  const rate = ratePerSecond(arrivals);
  log(`delivery: ${batch.length} webhooks to ${n} apps at ${rate?.toFixed(0)}/s`);
  return {
    webhooks_per_second_100_apps: rate,
    delivery_fanout_apps: n,
    delivery_fanout_webhooks: batch.length,
    delivery_fanout_commit_to_last_webhook_ms: Math.max(...arrivals) - t0,
  };
}

/** Push → `update` latency of one healthy app, `samples` times; each sample changes the file once. */
async function latencySamples(
  repo: TestRepo,
  trigger: CheckTrigger,
  healthy: OnboardedApp,
  repositoryId: string,
  samples: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const marker = `latency ${randomUUID()}`;
    const before = await repo.head();
    const after = await repo.commit({ [LATENCY_PATH]: `# Latency\n\n${marker}\n` });
    const t0 = Date.now();
    await trigger.fire({ fullName: LATENCY_REPO, before, after, repositoryId, appToken: healthy.token });
    const hook = await waitForFile(healthy, 'update', LATENCY_PATH, marker, 120_000);
    out.push(hook.receivedAt - t0);
  }
  return out;
}

/** One healthy app and `hanging` others on one repository: the healthy app's latency, then with the others hung. */
async function hangingNeighbours(
  env: DocoraTestEnv,
  trigger: CheckTrigger,
  hanging: number,
  samples: number,
): Promise<Figures> {
  const repo = await env.github.createRepo(LATENCY_REPO);
  await repo.commit({ [LATENCY_PATH]: '# Latency\n\nstart\n' });
  const { apps, repositoryId } = await onboardWatching(env, hanging + 1, LATENCY_REPO, 'latency');
  await Promise.all(apps.map((a) => a.receiver.waitForCount(1, 300_000)));
  const [healthy, ...others] = apps;
  const alone = await latencySamples(repo, trigger, healthy, repositoryId, samples);
  for (const a of others) {
    a.receiver.setResponder(() => ({ status: 200, delayMs: HANG_MS }));
  }
  const hung = await latencySamples(repo, trigger, healthy, repositoryId, samples);
  const held = others.reduce((n, a) => n + a.receiver.inFlight, 0);
  if (held === 0) {
    throw new Error('hanging endpoints: no request was held, the scenario measured nothing');
  }
  const [base, withHang] = [median(alone), median(hung)];
  log(`delivery: healthy app ${base} ms alone, ${withHang} ms beside ${hanging} hanging endpoints`);
  return {
    delivery_latency_healthy_ms: base,
    delivery_latency_with_10_hanging_ms: withHang,
    delivery_latency_with_10_hanging_max_ms: max(hung),
    delivery_latency_hanging_ratio: base && withHang !== null ? withHang / base : null,
    delivery_hanging_endpoints: hanging,
    delivery_hanging_requests_held: held,
  };
}
