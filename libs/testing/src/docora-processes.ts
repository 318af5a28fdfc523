import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

/** The compiled entry (`npm run build`), found from the source or the compiled copy of this file. */
const REPO_ROOT = __dirname.includes(`${sep}dist${sep}`)
  ? __dirname.slice(0, __dirname.lastIndexOf(`${sep}dist${sep}`))
  : resolve(__dirname, '..', '..', '..');
const DIST_MAIN = join(REPO_ROOT, 'dist', 'apps', 'docora', 'src', 'main.js');

export type AppName = 'gateway' | 'registry' | 'scanner' | 'diff' | 'notifier';
export const ALL_APPS: AppName[] = ['gateway', 'registry', 'scanner', 'diff', 'notifier'];

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  log: WriteStream;
  exited: Promise<number | null>;
}

/**
 * Runs Docora as real child processes from dist/: all five apps in one process ('single'), or each app in its own
 * process ('separate', as on Kubernetes), so tests can kill -9 and restart any of them.
 */
export class DocoraProcesses {
  readonly logDir = mkdtempSync(join(tmpdir(), 'docora-logs-'));
  private readonly running = new Map<string, Running>();
  private readonly ports = new Map<string, number>();
  gatewayUrl = '';

  constructor(
    readonly mode: 'single' | 'separate',
    private readonly env: Record<string, string>,
    /** Extra variables for one app's process ('separate' mode), e.g. a notifier with a stricter policy. */
    private readonly appEnv: Partial<Record<AppName, Record<string, string>>> = {},
    private readonly opts: {
      /** How long each process may take to answer /health/ready. */
      readyTimeoutMs?: number;
      /** Extra node flags for every process (e.g. --cpu-prof, which NODE_OPTIONS does not accept). */
      nodeArgs?: string[];
    } = {},
  ) {}

  /** Process names: 'all', or one per app plus any replicas ('notifier#2'). */
  private groups(): string[] {
    return this.mode === 'single' ? ['all'] : [...new Set([...ALL_APPS, ...this.ports.keys()])];
  }

  private groupOf(app: string): string {
    return this.mode === 'single' ? 'all' : app;
  }

  async start(): Promise<void> {
    for (const g of this.groups()) {
      this.ports.set(g, await freePort());
    }
    this.gatewayUrl = `http://127.0.0.1:${this.ports.get(this.groupOf('gateway'))}`;
    await Promise.all(this.groups().map((g) => this.spawnGroup(g)));
  }

  /**
   * Starts one more process running `app` ('separate' mode), as a second replica on Kubernetes would; answers its
   * name for kill()/restart() (e.g. 'notifier#2').
   */
  async addReplica(app: AppName): Promise<string> {
    if (this.mode !== 'separate') {
      throw new Error('replicas need separate mode');
    }
    let n = 2;
    while (this.ports.has(`${app}#${n}`)) {
      n++;
    }
    const name = `${app}#${n}`;
    this.ports.set(name, await freePort());
    await this.spawnGroup(name);
    return name;
  }

  private async spawnGroup(group: string): Promise<void> {
    const log = createWriteStream(join(this.logDir, `${group}.log`), { flags: 'a' });
    const app = group.split('#')[0];
    const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), DIST_MAIN, app], {
      env: {
        ...process.env,
        ...this.env,
        ...(this.appEnv[app as AppName] ?? {}),
        PORT: String(this.ports.get(group)),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    this.running.set(group, { child, log, exited });
    await this.waitReady(group, exited);
  }

  private async waitReady(group: string, exited: Promise<number | null>): Promise<void> {
    const url = `http://127.0.0.1:${this.ports.get(group)}/health/ready`;
    let dead = false;
    void exited.then(() => (dead = true));
    // Generous: five Node processes starting at once on a small, busy 2-core machine took over 60 s (seen).
    const deadline = Date.now() + (this.opts.readyTimeoutMs ?? 120_000);
    while (Date.now() < deadline && !dead) {
      try {
        if ((await fetch(url)).status === 200) {
          return;
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${group} did not become ready (${dead ? 'exited' : 'timeout'}):\n${this.logs(group)}`);
  }

  /** kill -9: no shutdown hook runs, in-flight work is abandoned mid-way. `app` may name a replica. */
  async kill(app: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const r = this.running.get(this.groupOf(app));
    if (!r) {
      return;
    }
    r.child.kill(signal);
    await r.exited;
    this.running.delete(this.groupOf(app));
  }

  /** Process ids of the running groups ('all', or one per app and replica): for RSS sampling (benchmarks). */
  pids(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [group, r] of this.running) {
      if (r.child.pid !== undefined) {
        out[group] = r.child.pid;
      }
    }
    return out;
  }

  async restart(app: string): Promise<void> {
    await this.spawnGroup(this.groupOf(app));
  }

  /** The last `lines` lines a process group logged. */
  logs(group = 'all', lines = 60): string {
    try {
      return readFileSync(join(this.logDir, `${group}.log`), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  allLogs(): string {
    return [...this.ports.keys()].map((g) => `----- ${g} -----\n${this.logs(g)}`).join('\n');
  }

  /** Graceful stop (SIGTERM), then SIGKILL for anything that hangs. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async (r) => {
        r.child.kill('SIGTERM');
        const t = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
        await r.exited;
        clearTimeout(t);
        r.log.end();
      }),
    );
    this.running.clear();
  }
}
