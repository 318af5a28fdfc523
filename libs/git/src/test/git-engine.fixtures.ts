import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestRepo } from '@lib/testing';
import {
  createGitEngine,
  detectNativeGit,
  GitError,
  IsomorphicGitEngine,
  NativeGitEngine,
  type GitEngine,
  type GitErrorCode,
  type TreeChange,
} from '@lib/git';

/** Shared by the contract and parity suites: every engine must pass the same tests. */
export const ENGINES: Array<{ name: string; make: () => GitEngine }> = [
  { name: IsomorphicGitEngine.name, make: () => createGitEngine('isomorphic') },
  { name: NativeGitEngine.name, make: () => createGitEngine('native') },
];

/** git's blob id of some content: sha1("blob <size>\0<content>"). */
export function blobOid(content: string | Buffer): string {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export type Mode = '100644' | '100755';
export function change(
  path: string,
  before: [string | Buffer, Mode] | null,
  after: [string | Buffer, Mode] | null,
): TreeChange {
  return {
    path,
    status: before && after ? 'modified' : after ? 'added' : 'deleted',
    oldOid: before ? blobOid(before[0]) : null,
    newOid: after ? blobOid(after[0]) : null,
    oldMode: before ? before[1] : null,
    newMode: after ? after[1] : null,
    size: after ? Buffer.from(after[0]).length : null,
  };
}

export function byPathBytes(changes: TreeChange[]): TreeChange[] {
  return [...changes].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...(await filesUnder(path)));
    } else {
      out.push(path);
    }
  }
  return out;
}

/** Adds a submodule entry (gitlink) with plumbing: TestRepo has no API for it. */
export function commitGitlink(
  repo: TestRepo,
  path: string,
  target: string,
  extra: Record<string, string>,
): void {
  const git = detectNativeGit()?.binary ?? 'git';
  const parent = spawnSync(git, ['rev-parse', 'refs/heads/main'], { env: gitEnv(repo), encoding: 'utf8' });
  const lines = [
    'commit refs/heads/main',
    'committer Docora Test <test@docora.invalid> 1700000500 +0000',
    'data 7',
    'gitlink',
    `from ${parent.stdout.trim()}`,
    `M 160000 ${target} ${path}`,
    ...Object.entries(extra).flatMap(([p, c]) => [`M 100644 inline ${p}`, `data ${Buffer.byteLength(c)}`, c]),
    'done',
    '',
  ];
  const r = spawnSync(git, ['fast-import', '--quiet', '--done'], {
    env: gitEnv(repo),
    input: lines.join('\n'),
  });
  if (r.status !== 0) {
    throw new Error(`fast-import failed: ${r.stderr.toString()}`);
  }
}

/** A minimal environment (git by absolute path): no inherited GIT_* variables or user config. */
function gitEnv(repo: TestRepo): NodeJS.ProcessEnv {
  return {
    GIT_DIR: repo.bareDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    HOME: '/nonexistent',
  };
}

export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/acme/docs.git`;
}

export async function expectGitError(promise: Promise<unknown>, code: GitErrorCode): Promise<GitError> {
  const err: unknown = await promise.then(
    () => new Error('expected a GitError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitError);
  expect((err as GitError).code).toBe(code);
  return err as GitError;
}
