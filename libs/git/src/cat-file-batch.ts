import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable } from 'node:stream';
import { codeForGitMessage, GitError, GitErrorCode } from './git-error';
import type { NativeGitRunner } from './native-git.process';

interface Request {
  oid: string;
  resolve: (stream: Readable) => void;
  reject: (err: Error) => void;
}

type Phase =
  | { kind: 'header' }
  | { kind: 'body'; remaining: number; out: Readable | null }
  | { kind: 'trailer'; out: Readable | null };

/**
 * One long-lived `git cat-file --batch` per cache: a process per blob would cost ~2-3 ms each, i.e. a minute
 * for the first import of a 20,000-file repository. Requests are sent to git as they come (reads issued ahead
 * are pipelined) and served in order, one stream at a time, with
 * backpressure: git's stdout is paused while the consumer is behind, so memory stays at a pipe buffer or two.
 * A consumer that destroys its stream early is fine: the rest of that blob is read and discarded.
 */
export class CatFileBatch {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Request[] = [];
  private current: Request | null = null;
  private phase: Phase = { kind: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  private exited = false;
  private closing = false;
  private stderr = '';
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runner: NativeGitRunner,
    private readonly gitDir: string,
    private readonly idleMs: number,
    private readonly onExit: () => void,
  ) {
    this.child = runner.spawn(['cat-file', '--batch'], { gitDir });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on(
      'data',
      (c: Buffer) => (this.stderr = (this.stderr + c.toString('utf8')).slice(-2000)),
    );
    this.child.stdin.on('error', () => undefined); // the exit handler reports the failure
    this.child.on('error', (e) => this.fail(`cannot run git: ${e.message}`));
    this.child.on('close', (code) => this.fail(this.stderr.trim() || `cat-file exited with ${code}`));
    this.armIdleTimer();
  }

  /** False once exited or closing: the engine then starts a new process for the next read. */
  get alive(): boolean {
    return !this.exited && !this.closing;
  }

  read(oid: string): Promise<Readable> {
    if (!this.alive) {
      return Promise.reject(this.error('cat-file process has exited', GitErrorCode.Failed));
    }
    clearTimeout(this.idleTimer);
    this.setRef(true);
    return new Promise((resolve, reject) => {
      this.queue.push({ oid, resolve, reject });
      // Asked right away: git answers in order, so reads issued ahead of time cost no round trip each.
      this.child.stdin.write(`${oid}\n`);
      if (!this.current) {
        this.next();
      }
    });
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.closing = true;
    if (!this.exited) {
      this.child.kill('SIGTERM');
    }
  }

  private next(): void {
    this.current = this.queue.shift() ?? null;
    this.phase = { kind: 'header' };
    if (!this.current) {
      return this.armIdleTimer();
    }
    this.process();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.process();
  }

  private process(): void {
    while (this.current && this.pending.length > 0) {
      const phase = this.phase;
      if (phase.kind === 'header') {
        const nl = this.pending.indexOf(0x0a);
        if (nl < 0) {
          return;
        }
        const line = this.pending.subarray(0, nl).toString('utf8');
        this.pending = this.pending.subarray(nl + 1);
        this.onHeader(this.current, line);
      } else if (phase.kind === 'body') {
        const n = Math.min(phase.remaining, this.pending.length);
        const piece = this.pending.subarray(0, n);
        this.pending = this.pending.subarray(n);
        phase.remaining -= n;
        if (n > 0 && phase.out && !phase.out.destroyed && !phase.out.push(piece)) {
          this.child.stdout.pause();
        }
        if (phase.remaining === 0) {
          this.phase = { kind: 'trailer', out: phase.out };
        }
      } else {
        // Each object's contents are followed by a newline.
        this.pending = this.pending.subarray(1);
        if (phase.out && !phase.out.destroyed) {
          phase.out.push(null);
        }
        this.next();
      }
    }
    // A zero-length blob has no body bytes: finish it without waiting for more data.
    if (this.current && this.phase.kind === 'body' && this.phase.remaining === 0) {
      this.phase = { kind: 'trailer', out: this.phase.out };
    }
  }

  private onHeader(req: Request, line: string): void {
    // "<oid> <type> <size>" or "<oid> missing" (or "ambiguous").
    const [, type, size] = line.split(' ');
    if (type === 'missing' || type === 'ambiguous' || size === undefined) {
      req.reject(this.error(`object ${req.oid} not found in the cache`, GitErrorCode.NotFound));
      return this.next();
    }
    const remaining = Number(size);
    if (type !== 'blob') {
      req.reject(this.error(`object ${req.oid} is a ${type}, not a blob`, GitErrorCode.NotFound));
      this.phase = { kind: 'body', remaining, out: null };
      return;
    }
    const out = new Readable({
      read: () => this.child.stdout.resume(),
      // A consumer that gives up early: keep reading so the rest of the blob is discarded.
      destroy: (err, cb) => {
        this.child.stdout.resume();
        cb(err);
      },
    });
    this.phase = { kind: 'body', remaining, out };
    req.resolve(out);
  }

  private fail(detail: string): void {
    if (this.exited) {
      return;
    }
    this.exited = true;
    clearTimeout(this.idleTimer);
    const err = this.error(detail, codeForGitMessage(detail));
    const phase = this.phase;
    if (phase.kind !== 'header' && phase.out && !phase.out.destroyed) {
      phase.out.destroy(err);
    }
    if (this.current && phase.kind === 'header') {
      this.current.reject(err);
    }
    for (const req of this.queue.splice(0)) {
      req.reject(err);
    }
    this.current = null;
    this.onExit();
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.setRef(false);
    // Idle processes are closed so a scanner watching many repositories does not keep one git per cache.
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  /** An idle process must not keep Node alive (a CLI or test would hang until the idle timer fires). */
  private setRef(ref: boolean): void {
    // The pipes are net.Sockets at runtime, typed as plain streams.
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Array<{
      ref(): void;
      unref(): void;
    }>;
    for (const handle of handles) {
      if (ref) {
        handle.ref();
      } else {
        handle.unref();
      }
    }
  }

  private error(detail: string, code: GitErrorCode): GitError {
    return this.runner.error({ op: 'cat-file', gitDir: this.gitDir }, detail, code);
  }
}
