import { runGit, TEST_AUTHOR } from './git-exec';

export interface CommitOptions {
  message?: string;
  /** Defaults to the repository's default branch. Committing to a missing branch creates it (root commit). */
  branch?: string;
  /** Paths (among `files`) written with mode 100755. */
  executable?: string[];
  /** path → link target, written as symlinks (mode 120000). */
  symlinks?: Record<string, string>;
  /** path → commit id, written as submodule entries (gitlinks, mode 160000). */
  gitlinks?: Record<string, string>;
  /** Paths given as raw bytes (e.g. not valid UTF-8, which a string key cannot express): content, or null to delete. */
  bytePaths?: Array<[Buffer, string | Buffer | null]>;
}

const FIRST_COMMIT_TIME = 1_700_000_000;

/** C-style quoting so any path (spaces, quotes, newlines, any bytes) survives the fast-import stream. */
function quotePath(p: string | Buffer): string {
  let out = '"';
  for (const byte of typeof p === 'string' ? Buffer.from(p, 'utf8') : p) {
    if (byte === 0x22 || byte === 0x5c) {
      out += `\\${String.fromCharCode(byte)}`;
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += `\\${byte.toString(8).padStart(3, '0')}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return `${out}"`;
}

/**
 * A bare repository served by FakeGitHub. Commits are written straight into the bare repository with
 * `git fast-import` (one process per commit, no working tree), which keeps tests that make many commits fast.
 */
export class TestRepo {
  readonly cloneUrl: string;
  private commitCount = 0;
  // Serialises writes so concurrent commit() calls on one repo each see the previous tip.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly fullName: string,
    readonly bareDir: string,
    baseUrl: string,
    readonly defaultBranch: string,
  ) {
    this.cloneUrl = `${baseUrl}/${fullName}.git`;
  }

  /** Adds, replaces (string/Buffer) or deletes (null) paths in one commit; resolves with the commit sha. */
  commit(files: Record<string, string | Buffer | null>, opts: CommitOptions = {}): Promise<string> {
    return this.serialise(() => this.writeCommit(files, opts));
  }

  /** Tip of a branch (default branch by default), or null when the branch does not exist. */
  async head(branch: string = this.defaultBranch): Promise<string | null> {
    const r = await runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
      cwd: this.bareDir,
      allowFail: true,
    });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** Creates (or moves) `name` to `from`: a branch name or commit sha, default the default branch's tip. */
  createBranch(name: string, from: string = this.defaultBranch): Promise<void> {
    return this.serialise(async () => {
      const r = await runGit(['rev-parse', '--verify', '--quiet', `${from}^{commit}`], {
        cwd: this.bareDir,
        allowFail: true,
      });
      if (r.code !== 0) {
        throw new Error(`createBranch(${name}): ${from} is not a commit in ${this.fullName}`);
      }
      await runGit(['update-ref', `refs/heads/${name}`, r.stdout.toString().trim()], { cwd: this.bareDir });
    });
  }

  private serialise<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeCommit(
    files: Record<string, string | Buffer | null>,
    opts: CommitOptions,
  ): Promise<string> {
    const branch = opts.branch ?? this.defaultBranch;
    const parent = await this.head(branch);
    // Strictly increasing, deterministic dates: commit order is also date order, and shas are reproducible.
    const when = `${FIRST_COMMIT_TIME + this.commitCount++} +0000`;
    const ident = `${TEST_AUTHOR.name} <${TEST_AUTHOR.email}> ${when}`;
    const executable = new Set(opts.executable ?? []);
    const parts: Buffer[] = [];
    const line = (s: string): void => void parts.push(Buffer.from(s + '\n', 'utf8'));
    const data = (b: Buffer): void => {
      line(`data ${b.length}`);
      parts.push(b, Buffer.from('\n'));
    };

    line(`commit refs/heads/${branch}`);
    line('mark :1');
    line(`author ${ident}`);
    line(`committer ${ident}`);
    data(Buffer.from(opts.message ?? `commit ${this.commitCount}`, 'utf8'));
    if (parent) {
      line(`from ${parent}`);
    }
    for (const [path, content] of [...Object.entries(files), ...(opts.bytePaths ?? [])]) {
      if (content === null) {
        line(`D ${quotePath(path)}`);
      } else {
        const mode = typeof path === 'string' && executable.has(path) ? '100755' : '100644';
        line(`M ${mode} inline ${quotePath(path)}`);
        data(typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      }
    }
    for (const [path, target] of Object.entries(opts.symlinks ?? {})) {
      line(`M 120000 inline ${quotePath(path)}`);
      data(Buffer.from(target, 'utf8'));
    }
    for (const [path, target] of Object.entries(opts.gitlinks ?? {})) {
      line(`M 160000 ${target} ${quotePath(path)}`);
    }
    line('get-mark :1');
    line('done');

    const r = await runGit(['fast-import', '--quiet', '--done', '--cat-blob-fd=1'], {
      cwd: this.bareDir,
      input: Buffer.concat(parts),
    });
    const sha = r.stdout.toString().trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) {
      throw new Error(`fast-import returned no commit sha: ${sha}`);
    }
    return sha;
  }
}
