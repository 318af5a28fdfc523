import { DocoraTestEnv, OnboardedApp, TestRepo, waitUntil, type CommitOptions } from '@lib/testing';
import { bigText, ESCAPES, LATIN1, noise, nulAt, OVERLONG, PNG, SURROGATE } from './support/byte-fixtures';
import { MaterializedCopy } from './support/materialized-copy';
import {
  CHUNK_SIZE_CHARS,
  CHUNK_THRESHOLD_BYTES,
  deliveredSequence,
  expectedSequence,
  isText,
  WireChecker,
} from './support/webhook-checks';
import { useEnvHooks } from './support/env-hooks';

type Files = Record<string, string | Buffer | null>;

const MiB = 1024 * 1024;
/** base64 of this many bytes is exactly the threshold long: the largest binary sent whole. */
const B64_AT_THRESHOLD = (CHUNK_THRESHOLD_BYTES / 4) * 3;

/** Commit 1, in the repository before the app subscribes: delivered as the initial snapshot. */
const INITIAL: Files = {
  'README.md': '# Bytes\n',
  'text/escapes.txt': ESCAPES,
  'text/bom.txt': '\uFEFFbom first\n',
  'text/crlf.txt': 'a\r\nb\r\n',
  'text/latin1.txt': LATIN1,
  'text/surrogate.txt': SURROGATE,
  'text/overlong.txt': OVERLONG,
  'nul/at-7999.dat': nulAt(7999),
  'nul/at-8000.txt': nulAt(8000),
  empty: '',
  'img/logo.png': PNG,
  'bin/run.sh': '#!/bin/sh\necho hi\n',
  'a b/c d/file with spaces.md': 'spaces\n',
  'ünïcödé/café.txt': 'NFC name\n',
  'ünïcödé/cafe\u0301.txt': 'NFD name\n',
  // UTF-16 order puts the emoji (D83D…) first, UTF-8 byte order puts U+FF61 (EF BD A1) first.
  '\uFF61.txt': 'halfwidth stop\n',
  '😀.txt': 'emoji\n',
  'B.txt': 'capital\n',
  'a.txt': 'a\n',
  'a b.txt': 'space\n',
  'a-b.txt': 'dash\n',
  'a/b.txt': 'slash\n',
  'quote"and\\backslash.txt': 'json-escaped path\n',
  'deep/1/2/3/4/5/6/7/leaf.txt': 'deep\n',
  thing: 'a file that becomes a directory\n',
  'dir2file/x.txt': 'a directory that becomes a file\n',
  'big/text-1.5MiB.md': bigText('text', 1.5 * MiB),
  'big/blob-1.5MiB.bin': noise('blob', 1.5 * MiB),
  'edge/b64-at-threshold.bin': noise('at', B64_AT_THRESHOLD),
  'edge/b64-over-threshold.bin': noise('over', B64_AT_THRESHOLD + 1),
  'edge/text-at-threshold.txt': Buffer.alloc(CHUNK_THRESHOLD_BYTES, 'lorem ipsum dolor sit amet '),
  // 700 kB raw, 1.4 MB once JSON-escaped: must still fit the body cap.
  'edge/newlines.txt': Buffer.alloc(700_000, '\n'),
};

/**
 * A receiver that knows nothing but the webhooks it got rebuilds the repository byte for byte after every commit,
 * and every message on the wire follows SPEC §4.1–4.2 (body bytes, key order, shas, signatures, chunking, order).
 */
describe('Webhook bytes end to end (single process mode)', () => {
  let env: DocoraTestEnv;
  let repo: TestRepo;
  let app: OnboardedApp;
  let wire: WireChecker;
  const copy = new MaterializedCopy();
  /** The tree as committed, kept by the test itself (never read back through Docora). */
  const tree = new Map<string, Buffer>();
  let checked = 0;

  async function commit(files: Files, opts?: CommitOptions) {
    const before = new Map(tree);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        tree.delete(path);
      } else {
        tree.set(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      }
    }
    return { before, sha: await repo.commit(files, opts) };
  }

  /** Waits until the copy equals the tree and nothing is left to send, then checks this commit's messages. */
  async function expectDelivered({ before, sha }: { before: Map<string, Buffer>; sha: string }) {
    await app.receiver
      .waitFor((all) => copy.sync(all).differences(tree).length === 0, 60_000)
      .catch((e: Error) => {
        throw new Error(`copy ≠ tree: ${copy.differences(tree).join('; ')}\n${copy.problems.join('\n')}`, {
          cause: e,
        });
      });
    // The copy can match before a spurious extra message (a duplicate, a no-op update) arrives.
    await waitUntil(
      async () => (await env.query(`SELECT 1 FROM deliveries WHERE status = 'pending' LIMIT 1`)).length === 0,
      { timeoutMs: 30_000, message: 'deliveries still pending' },
    );
    const all = app.receiver.received;
    copy.sync(all);
    const messages = all.slice(checked);
    const first = checked;
    checked = all.length;
    expect(copy.incompleteTransfers()).toEqual([]);
    expect(copy.problems).toEqual([]);
    expect(wire.check(messages, first, sha, tree)).toEqual([]);
    expect(deliveredSequence(messages)).toEqual(expectedSequence(before, tree));
    return messages;
  }

  let initial: { before: Map<string, Buffer>; sha: string };

  beforeAll(async () => {
    env = await DocoraTestEnv.start({ mode: 'single' });
    repo = await env.github.createRepo('acme/bytes');
    initial = await commit(INITIAL, { executable: ['bin/run.sh'] });
  }, 120_000);

  useEnvHooks(() => env);

  it('should use fixtures on the intended side of each text/binary and size boundary', () => {
    const kind = (p: string) => (isText(tree.get(p)!) ? 'text' : 'binary');
    expect(
      ['text/latin1.txt', 'text/surrogate.txt', 'text/overlong.txt', 'nul/at-7999.dat', 'img/logo.png'].map(
        kind,
      ),
    ).toEqual(['binary', 'binary', 'binary', 'binary', 'binary']);
    expect(['nul/at-8000.txt', 'empty', 'text/escapes.txt', 'big/text-1.5MiB.md'].map(kind)).toEqual([
      'text',
      'text',
      'text',
      'text',
    ]);
    expect(tree.get('nul/at-8000.txt')!.indexOf(0)).toBe(8000);
    expect(tree.get('nul/at-7999.dat')!.indexOf(0)).toBe(7999);
    expect(tree.get('edge/b64-at-threshold.bin')!.toString('base64')).toHaveLength(CHUNK_THRESHOLD_BYTES);
    expect(tree.get('edge/b64-over-threshold.bin')!.toString('base64').length).toBe(
      CHUNK_THRESHOLD_BYTES + 4,
    );
    expect(tree.get('big/text-1.5MiB.md')!.length).toBeGreaterThan(CHUNK_THRESHOLD_BYTES);
    expect(tree.get('edge/text-at-threshold.txt')!.length).toBe(CHUNK_THRESHOLD_BYTES);
    expect(CHUNK_SIZE_CHARS % 4).toBe(0);
  });

  it('should deliver the initial snapshot so that the copy equals the first commit', async () => {
    app = await env.onboardApp('Bytes app');
    const res = await env.registerRepository(app, { github_url: `${env.github.url}/acme/bytes` });
    expect(res.status).toBe(201);
    const { repository_id, github_url, owner, name } = res.body;
    wire = new WireChecker({
      key: app.key,
      appId: app.app_id,
      repository: { repository_id, github_url, owner, name },
    });

    const messages = await expectDelivered(initial);
    // Spot checks of what the generic checks imply, so a reader sees the rules at work.
    const file = (path: string) => messages.map((h) => (h.body as any).file).find((f) => f.path === path);
    expect(file('text/latin1.txt')).toMatchObject({
      content_encoding: 'base64',
      content: LATIN1.toString('base64'),
    });
    expect(file('nul/at-8000.txt').content_encoding).toBeUndefined();
    expect(file('nul/at-7999.dat').content_encoding).toBe('base64');
    expect(file('empty')).toEqual({ path: 'empty', sha: expect.any(String), size: 0, content: '' });
    expect(file('edge/b64-at-threshold.bin').chunk).toBeUndefined();
    expect(file('edge/b64-over-threshold.bin').chunk).toMatchObject({ index: 0, total: 3 });
    expect(file('edge/text-at-threshold.txt').chunk).toBeUndefined();
    expect(file('edge/newlines.txt').chunk).toMatchObject({ index: 0, total: 2 });
    expect(file('big/text-1.5MiB.md')).toMatchObject({ content_encoding: 'base64', chunk: { index: 0 } });
    expect(file('big/blob-1.5MiB.bin').chunk).toMatchObject({ index: 0, total: 4 });
  });

  it('should keep the copy equal through updates, renames, text↔binary switches and a mode-only change', async () => {
    const messages = await expectDelivered(
      await commit({
        'README.md': '# Bytes\nv2\n',
        'text/latin1.txt': LATIN1.toString('latin1'), // now valid UTF-8: binary → text
        'text/escapes.txt': nulAt(10), // text → binary
        'img/logo.png': Buffer.concat([PNG, Buffer.from([0, 1, 2])]),
        'big/blob-1.5MiB.bin': noise('blob v2', 1_600_000), // chunked update
        'big/text-1.5MiB.md': 'short now\n', // chunked → whole
        empty: 'not empty any more\n',
        'text/bom.txt': '',
        'new/empty.txt': '',
        'nul/at-7999.dat': null,
        'a b/c d/file with spaces.md': null,
        'a b/c d/renamed file.md': 'spaces\n',
        'B.txt': null,
        'b.txt': 'capital\n',
        'bin/run.sh': '#!/bin/sh\necho hi\n', // same bytes, mode 100755 → 100644: nothing to send
      }),
    );
    const latin1 = messages.find((h) => (h.body as any).file.path === 'text/latin1.txt')!.body as any;
    expect(latin1.file).toEqual({
      path: 'text/latin1.txt',
      sha: expect.any(String),
      size: LATIN1.length + 5, // five Latin-1 letters take two bytes each in UTF-8
      content: LATIN1.toString('latin1'),
    });
  });

  it('should keep the copy equal through file↔directory swaps, deletes of chunked files and restores', async () => {
    await expectDelivered(
      await commit(
        {
          thing: null,
          'thing/child.txt': 'child\n',
          'dir2file/x.txt': null,
          dir2file: 'now a file\n',
          'deep/1/2/3/4/5/6/7/leaf.txt': null,
          'big/blob-1.5MiB.bin': null,
          'nul/at-7999.dat': nulAt(7999),
          'README.md': '# Bytes\n', // back to the first version's bytes
          'bin/run.sh': '#!/bin/sh\necho v3\n',
          'edge/newlines.txt': Buffer.alloc(700_001, '\n'), // chunked update of a text file
        },
        { executable: ['bin/run.sh'] },
      ),
    );
  });

  it('should keep the copy equal through large creates under unicode paths and a mass delete', async () => {
    const removed = [...tree.keys()].filter((p) => p.startsWith('edge/') || p.startsWith('text/'));
    await expectDelivered(
      await commit({
        '日本語 ディレクトリ/大きい ファイル.bin': noise('unicode', 1_250_000),
        'ünïcödé/長い テキスト.md': bigText('長い', 1.2 * MiB),
        ...Object.fromEntries(removed.map((p) => [p, null])),
      }),
    );
    expect(copy.files.size).toBe(tree.size);
  });
});
