import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { detectNativeGit } from '@lib/git';
import { deliveryRun } from './delivery.scenario';
import { memoryRun, pollRun } from './extra-env.scenarios';
import { log } from './harness';
import { mainEnvRun, type RunContext } from './main-env.scenarios';
import { type BenchOptions, type EngineName, parseOptions, USAGE } from './options';
import { renderTable, TARGETS, type Figures } from './report';
import { ensureRepo } from './repo-generator';
import { FULL, QUICK } from './sizes';
import { combineRuns } from './stats';

function machine(): Record<string, unknown> {
  const gitVersion = spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    cpu_model: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    git: gitVersion,
    load_average_start: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function runEngine(engine: EngineName, ctx: RunContext, errors: string[]): Promise<Figures> {
  const only = new Set(ctx.opts.only);
  const out: Figures = { engine };
  const attempt = async (name: string, fn: () => Promise<Figures>) => {
    try {
      Object.assign(out, await fn());
    } catch (e) {
      const msg = `${engine} ${name}: ${e instanceof Error ? e.message : String(e)}`;
      log(`FAILED ${msg}`);
      errors.push(msg.slice(0, 2000));
    }
  };
  if (['initial', 'no-change', 'push', 'fanout', 'throughput'].some((s) => only.has(s as never))) {
    await attempt('main', () => mainEnvRun(engine, ctx));
  }
  if (only.has('poll')) {
    await attempt('poll', () => pollRun(engine, ctx));
  }
  if (only.has('memory')) {
    await attempt('memory', () => memoryRun(engine, ctx));
  }
  // Delivery does not depend on the git engine: measured once per run, with the first (default) engine.
  if (only.has('delivery') && engine === ctx.opts.engines[0]) {
    await attempt('delivery', () => deliveryRun(engine, ctx.sizes));
  }
  return out;
}

async function bench(opts: BenchOptions): Promise<{ result: Figures; failed: boolean }> {
  const sizes = opts.quick ? QUICK : FULL;
  const info = machine();
  log(`machine: ${JSON.stringify(info)}`);
  const manyFiles = await ensureRepo(sizes.manyFiles, opts.cacheDir, log);
  const large = opts.only.includes('memory') ? await ensureRepo(sizes.large, opts.cacheDir, log) : null;
  const workDir = mkdtempSync(join(tmpdir(), 'docora-bench-'));
  const ctx: RunContext = { opts, sizes, manyFiles, large, workDir };
  const perEngine: Record<string, Figures[]> = Object.fromEntries(opts.engines.map((e) => [e, []]));
  const errors: string[] = [];
  try {
    // Engines alternate within each run, so background load on the machine hits both alike.
    for (let run = 1; run <= opts.runs; run++) {
      for (const engine of opts.engines) {
        log(`run ${run}/${opts.runs}, engine ${engine}`);
        perEngine[engine].push({ run, ...(await runEngine(engine, ctx, errors)) });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const engines: Record<string, Figures> = {};
  for (const [e, runs] of Object.entries(perEngine)) {
    engines[e] = { ...combineRuns(runs.map(({ run: _run, ...r }) => r)), runs };
  }
  const auto: EngineName = detectNativeGit() ? 'native' : 'isomorphic';
  const topEngine = engines[auto] ? auto : opts.engines[0];
  const top = Object.fromEntries(
    Object.entries(engines[topEngine]).filter(([k]) => k !== 'runs' && k !== 'engine'),
  );
  const result: Figures = {
    ...top,
    engine: topEngine,
    default_engine: auto,
    engines,
    targets_met: Object.fromEntries(TARGETS.map((t) => [t.key, t.met(engines[topEngine])])),
    runs: opts.runs,
    quick: opts.quick,
    repositories: {
      many_files: {
        files: manyFiles.files,
        mb: Math.round(manyFiles.bytes / 1e6),
        pack_mb: Math.round(manyFiles.packBytes / 1e6),
      },
      ...(large
        ? {
            large: {
              files: large.files,
              mb: Math.round(large.bytes / 1e6),
              pack_mb: Math.round(large.packBytes / 1e6),
            },
          }
        : {}),
    },
    machine: { ...info, load_average_end: loadavg().map((x) => Math.round(x * 100) / 100) },
    errors,
  };
  return { result, failed: errors.length > 0 };
}

async function main(): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseOptions(process.argv.slice(2), detectNativeGit() !== null);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const { result, failed } = await bench(opts);
  const json = JSON.stringify(result);
  if (opts.out) {
    writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
  }
  if (opts.json) {
    process.stdout.write(json + '\n');
  } else {
    const engines = result.engines as Record<string, Figures>;
    process.stdout.write(`\n${renderTable(engines)}\n\n`);
    process.stdout.write(`machine: ${JSON.stringify(result.machine)}\n`);
    if (failed) {
      process.stdout.write(`errors:\n  ${(result.errors as string[]).join('\n  ')}\n`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
