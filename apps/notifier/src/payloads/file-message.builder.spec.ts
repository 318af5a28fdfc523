import { createHash, randomBytes } from 'node:crypto';
import {
  buildFileMessage,
  buildFileMessages,
  encodedContentLength,
  type FileMessageInput,
  messageCount,
} from './file-message.builder';

const DEFAULT_THRESHOLD = 1_048_576;
const DEFAULT_CHUNK = 524_288;
const MIB = 1024 * 1024;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function input(content: Buffer | undefined, overrides: Partial<FileMessageInput> = {}): FileMessageInput {
  return {
    event: 'create',
    repository: {
      repository_id: 'repo_0123456789abcdef01234567',
      github_url: 'https://github.com/acme/docs',
      owner: 'acme',
      name: 'docs',
    },
    path: 'docs/guide.md',
    content,
    sha: content ? sha256(content) : 'f'.repeat(64),
    commitSha: 'a'.repeat(40),
    timestamp: '2025-06-01T12:00:00.000Z',
    chunkThresholdBytes: DEFAULT_THRESHOLD,
    chunkSizeChars: DEFAULT_CHUNK,
    chunkId: 'chunk-7f1c',
    ...overrides,
  };
}

interface ParsedBody {
  repository: Record<string, string>;
  file: {
    path: string;
    sha: string;
    size?: number;
    content?: string;
    content_encoding?: string;
    chunk?: { id: string; index: number; total: number };
  };
  previous_sha?: string;
  commit_sha: string;
  timestamp: string;
}

function parse(body: string): ParsedBody {
  // Every body must be byte-identical to its re-serialisation (receivers verify against re-serialised JSON).
  expect(body).toBe(JSON.stringify(JSON.parse(body)));
  return JSON.parse(body) as ParsedBody;
}

/** Reassembles chunks the way receivers are told to: concatenate, then decode. */
function reassemble(bodies: string[]): Buffer {
  return Buffer.from(bodies.map((b) => parse(b).file.content as string).join(''), 'base64');
}

describe('file messages', () => {
  describe('buildFileMessages', () => {
    describe('shapes', () => {
      it('should build a create body in v1 key order (v1 README example)', () => {
        const bytes = Buffer.from('# Demo\nhello\n');
        const req = input(bytes, { path: 'README.md' });
        const bodies = buildFileMessages(req);
        expect(bodies).toHaveLength(1);
        const repo = req.repository;
        expect(bodies[0]).toBe(
          `{"repository":{"repository_id":"${repo.repository_id}","github_url":"${repo.github_url}",` +
            `"owner":"acme","name":"docs"},"file":{"path":"README.md","sha":"${sha256(bytes)}","size":13,` +
            `"content":"# Demo\\nhello\\n"},"commit_sha":"${req.commitSha}","timestamp":"${req.timestamp}"}`,
        );
      });

      it('should put previous_sha between file and commit_sha for update', () => {
        const body = parse(
          buildFileMessages(input(Buffer.from('v2'), { event: 'update', previousSha: 'b'.repeat(64) }))[0],
        );
        expect(Object.keys(body)).toEqual(['repository', 'file', 'previous_sha', 'commit_sha', 'timestamp']);
        expect(Object.keys(body.file)).toEqual(['path', 'sha', 'size', 'content']);
        expect(body.previous_sha).toBe('b'.repeat(64));
      });

      it('should build a delete body with only path and the last delivered sha', () => {
        const bodies = buildFileMessages(input(undefined, { event: 'delete', sha: 'c'.repeat(64) }));
        expect(bodies).toHaveLength(1);
        const body = parse(bodies[0]);
        expect(Object.keys(body)).toEqual(['repository', 'file', 'commit_sha', 'timestamp']);
        expect(body.file).toEqual({ path: 'docs/guide.md', sha: 'c'.repeat(64) });
        expect(body).not.toHaveProperty('event');
      });

      it('should ignore content given with a delete', () => {
        const body = parse(buildFileMessages(input(Buffer.from('x'), { event: 'delete' }))[0]);
        expect(Object.keys(body.file)).toEqual(['path', 'sha']);
      });

      it('should rebuild the repository object in v1 order without extra fields', () => {
        const repository = {
          name: 'docs',
          owner: 'acme',
          token: 'secret',
          github_url: 'u',
          repository_id: 'r',
        };
        const body = parse(buildFileMessages(input(Buffer.from('x'), { repository }))[0]);
        expect(Object.keys(body.repository)).toEqual(['repository_id', 'github_url', 'owner', 'name']);
        expect(body.repository).not.toHaveProperty('token');
      });

      it.each<[string, Partial<FileMessageInput>, Buffer | undefined]>([
        ['create without content', {}, undefined],
        ['update without content', { event: 'update', previousSha: 'b'.repeat(64) }, undefined],
        ['update without previousSha', { event: 'update' }, Buffer.from('x')],
        ['a chunked file without chunkId', { chunkId: '', chunkThresholdBytes: 0 }, Buffer.from('x')],
      ])('should refuse %s', (_case, overrides, content) => {
        expect(() => buildFileMessages(input(content, overrides))).toThrow(TypeError);
      });
    });

    describe('text and binary', () => {
      it.each([
        ['non-ASCII text', 'héllo wörld ✓ 日本語 🎉'],
        ['U+2028 / U+2029 left unescaped', 'line\u2028sep\u2029para'],
        ['HTML-ish characters and quotes', '<a href="x">&amp;</a> \\ \'q\''],
        ['a BOM, kept so content matches sha', '\uFEFF# Title\n'],
        ['an empty file', ''],
        ['a NUL after the scan window', `${'a'.repeat(8001)}\0tail`],
      ])('should send %s as text without content_encoding', (_case, text) => {
        const bytes = Buffer.from(text, 'utf8');
        const body = parse(buildFileMessages(input(bytes))[0]);
        expect(Object.keys(body.file)).toEqual(['path', 'sha', 'size', 'content']);
        expect(body.file.content).toBe(text);
        expect(Buffer.from(body.file.content!, 'utf8').equals(bytes)).toBe(true);
        expect(body.file.size).toBe(bytes.length);
      });

      it('should leave U+2028 raw in the body bytes, like JSON.stringify', () => {
        expect(buildFileMessages(input(Buffer.from('a\u2028b')))[0]).toContain('a\u2028b');
      });

      it.each([
        ['a NUL at byte 7999', Buffer.concat([Buffer.alloc(7999, 'a'), Buffer.from([0]), Buffer.from('b')])],
        ['invalid UTF-8', Buffer.from([0x63, 0x61, 0x66, 0xe9])],
        ['random bytes', randomBytes(2048)],
      ])('should send %s as base64 with content_encoding', (_case, bytes) => {
        const body = parse(buildFileMessages(input(bytes))[0]);
        expect(Object.keys(body.file)).toEqual(['path', 'sha', 'size', 'content', 'content_encoding']);
        expect(body.file.content_encoding).toBe('base64');
        expect(Buffer.from(body.file.content!, 'base64').equals(bytes)).toBe(true);
        expect(body.file.size).toBe(bytes.length);
        expect(body.file.sha).toBe(sha256(bytes));
      });
    });

    describe('chunking', () => {
      const small = { chunkThresholdBytes: 64, chunkSizeChars: 16 };

      it.each<[string, Buffer, number]>([
        ['text exactly at the threshold', Buffer.alloc(64, 'a'), 1],
        ['text one byte over the threshold', Buffer.alloc(65, 'a'), Math.ceil(88 / 16)],
        ['binary whose base64 is exactly the threshold', Buffer.alloc(48, 0), 1],
        ['binary whose base64 is over the threshold', Buffer.alloc(49, 0), Math.ceil(68 / 16)],
        [
          'text under the threshold raw but over it once JSON-escaped',
          Buffer.alloc(40, '\n'),
          Math.ceil(56 / 16),
        ],
      ])('should handle %s', (_case, bytes, expectedBodies) => {
        const req = input(bytes, small);
        const bodies = buildFileMessages(req);
        expect(bodies).toHaveLength(expectedBodies);
        expect(messageCount(req)).toBe(expectedBodies);
        const first = parse(bodies[0]).file;
        if (expectedBodies === 1) {
          expect(first).not.toHaveProperty('chunk');
        } else {
          expect(first.chunk!.total).toBe(expectedBodies);
          expect(reassemble(bodies).equals(bytes)).toBe(true);
        }
      });

      it('should send chunks as base64 slices with a stable id, indices and whole-file size and sha', () => {
        const bytes = Buffer.from('é'.repeat(100), 'utf8');
        const req = input(bytes, { ...small, event: 'update', previousSha: 'b'.repeat(64) });
        const bodies = buildFileMessages(req);
        const total = Math.ceil(Buffer.from(bytes).toString('base64').length / 16);
        expect(bodies).toHaveLength(total);
        bodies.forEach((raw, index) => {
          const body = parse(raw);
          expect(Object.keys(body)).toEqual([
            'repository',
            'file',
            'previous_sha',
            'commit_sha',
            'timestamp',
          ]);
          expect(Object.keys(body.file)).toEqual([
            'path',
            'sha',
            'size',
            'content',
            'content_encoding',
            'chunk',
          ]);
          expect(Object.keys(body.file.chunk!)).toEqual(['id', 'index', 'total']);
          expect(body.file.chunk).toEqual({ id: req.chunkId, index, total });
          expect(body.file.content_encoding).toBe('base64');
          expect(body.file.size).toBe(bytes.length);
          expect(body.file.sha).toBe(sha256(bytes));
          expect(body.previous_sha).toBe('b'.repeat(64));
          expect(body.timestamp).toBe(req.timestamp);
          expect(body.file.content!.length).toBe(
            index < total - 1 ? 16 : bytes.toString('base64').length - 16 * index,
          );
        });
        expect(reassemble(bodies).equals(bytes)).toBe(true);
      });

      it('should make every slice decodable on its own', () => {
        const bytes = randomBytes(1000);
        const bodies = buildFileMessages(input(bytes, { chunkThresholdBytes: 100, chunkSizeChars: 64 }));
        const pieces = bodies.map((b) => Buffer.from(parse(b).file.content!, 'base64'));
        expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
      });

      it('should reproduce v1 slicing of a 1,500,000-byte binary', () => {
        const bodies = buildFileMessages(input(randomBytes(1_500_000)));
        expect(bodies.map((b) => parse(b).file.content!.length)).toEqual([524288, 524288, 524288, 427136]);
      });

      it('should chunk the 900 kB binary v1 sent as a 1.2 MB body', () => {
        const bytes = randomBytes(900_000);
        const bodies = buildFileMessages(input(bytes));
        expect(bodies.length).toBeGreaterThan(1);
        expect(reassemble(bodies).equals(bytes)).toBe(true);
      });

      it.each([
        ['binary', () => randomBytes(5 * 1000 * 1000)],
        ['text', () => Buffer.alloc(5 * 1000 * 1000, 'lorem ipsum\n')],
        ['text exactly at the default threshold', () => Buffer.alloc(DEFAULT_THRESHOLD, 'x')],
        ['binary just under the threshold once encoded', () => randomBytes((DEFAULT_THRESHOLD / 4) * 3)],
      ])('should keep every body of a large %s file under 1.1 MiB with default settings', (_case, make) => {
        const bytes = make();
        const bodies = buildFileMessages(input(bytes));
        for (const body of bodies) {
          expect(Buffer.byteLength(body)).toBeLessThan(1.1 * MIB);
        }
        const first = parse(bodies[0]).file;
        const content =
          first.content_encoding === 'base64'
            ? reassemble(bodies)
            : Buffer.from(first.content as string, 'utf8');
        expect(content.equals(bytes)).toBe(true);
      });

      it.each([
        ['not a multiple of 4', { chunkSizeChars: 6 }],
        ['zero', { chunkSizeChars: 0 }],
        ['negative', { chunkSizeChars: -4 }],
        ['a negative threshold', { chunkThresholdBytes: -1 }],
      ])('should refuse a chunk setting that is %s', (_case, overrides) => {
        expect(() => buildFileMessages(input(Buffer.from('x'), overrides))).toThrow(RangeError);
      });
    });
  });

  describe('buildFileMessage', () => {
    it('should build body k alone, identical to the k-th body of buildFileMessages', () => {
      const req = input(randomBytes(500), { chunkThresholdBytes: 64, chunkSizeChars: 128 });
      const all = buildFileMessages(req);
      expect(all.length).toBeGreaterThan(2);
      all.forEach((body, index) => expect(buildFileMessage(req, index)).toBe(body));
    });

    it.each([-1, 1, 0.5])('should refuse index %p for an unchunked file', (index) => {
      expect(() => buildFileMessage(input(Buffer.from('x')), index)).toThrow(RangeError);
    });
  });

  describe('encodedContentLength', () => {
    it.each([
      ['plain ASCII', 'hello'],
      ['escapes', 'a"b\\c\nd\re\tf\bg\fh'],
      ['other control characters', '\x00\x01\x1f\x7f'],
      ['non-ASCII and line separators', 'é✓🎉\u2028\u2029'],
      ['everything at once', `"${'\x02'.repeat(7)}\\ü\n`],
    ])('should equal the JSON-escaped UTF-8 length for %s', (_case, text) => {
      const bytes = Buffer.from(text, 'utf8');
      expect(encodedContentLength(bytes, 'text')).toBe(Buffer.byteLength(JSON.stringify(text)) - 2);
    });

    it('should equal the base64 length for binary content', () => {
      for (const n of [0, 1, 2, 3, 4, 5, 1000]) {
        const bytes = randomBytes(n);
        expect(encodedContentLength(bytes, 'binary')).toBe(bytes.toString('base64').length);
      }
    });

    it('should classify the content itself when no kind is given', () => {
      expect(encodedContentLength(Buffer.from([0, 1, 2, 3]))).toBe(8);
      expect(encodedContentLength(Buffer.from('ab\n'))).toBe(4);
    });
  });
});
