import { createHmac } from 'node:crypto';
import type { ReceivedWebhook } from '@lib/testing';
import { sha256 } from './materialized-copy';

/** Documented defaults (SPEC §8, docora-v1.md §8): the suite runs Docora without overriding them. */
export const CHUNK_THRESHOLD_BYTES = 1_048_576;
export const CHUNK_SIZE_CHARS = 524_288;
/** SPEC §4.1: "no request body exceeds ~1.1 MiB with default settings". */
export const MAX_BODY_BYTES = Math.floor(1.1 * 1024 * 1024);

const TOP_KEYS: Record<string, string[]> = {
  create: ['repository', 'file', 'commit_sha', 'timestamp'],
  update: ['repository', 'file', 'previous_sha', 'commit_sha', 'timestamp'],
  delete: ['repository', 'file', 'commit_sha', 'timestamp'],
};
const FILE_KEYS = [
  'path,sha,size,content',
  'path,sha,size,content,content_encoding',
  'path,sha,size,content,content_encoding,chunk',
];
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** SPEC §4.1: text iff valid UTF-8 and no NUL byte in the first 8,000 bytes. */
export function isText(bytes: Buffer): boolean {
  if (bytes.subarray(0, 8000).includes(0)) {
    return false;
  }
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 byte order of paths (SPEC §4.1), not JavaScript's UTF-16 order. */
export const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The deliveries one commit must produce, in order: deletes, creates, updates, each by UTF-8 path. */
export function expectedSequence(before: ReadonlyMap<string, Buffer>, after: ReadonlyMap<string, Buffer>) {
  const paths = (pred: (p: string) => boolean, from: ReadonlyMap<string, Buffer>) =>
    [...from.keys()].filter(pred).sort(byUtf8);
  return [
    ...paths((p) => !after.has(p), before).map((p) => `delete ${p}`),
    ...paths((p) => !before.has(p), after).map((p) => `create ${p}`),
    ...paths((p) => before.has(p) && !before.get(p)!.equals(after.get(p)!), after).map((p) => `update ${p}`),
  ];
}

/** One `event path` per delivered file: a chunked transfer counts once (at its first chunk). */
export function deliveredSequence(messages: readonly ReceivedWebhook[]): string[] {
  return messages
    .filter((h) => ((h.body as any)?.file?.chunk?.index ?? 0) === 0)
    .map((h) => `${h.event} ${(h.body as any)?.file?.path}`);
}

export interface WireContext {
  key: string;
  appId: string;
  /** The repository object exactly as the registration answered it. */
  repository: { repository_id: string; github_url: string; owner: string; name: string };
}

/**
 * Checks every message on the wire against SPEC §4.1–4.2 and docora-v1.md §4, with the signature formulas
 * re-implemented here. Keeps the delivery and chunk ids seen so far to prove they are never reused.
 */
export class WireChecker {
  private readonly webhookIds = new Set<string>();
  private readonly chunkIds = new Set<string>();

  constructor(private readonly ctx: WireContext) {}

  /** Problems in one commit's messages (`first` is the index of messages[0] in the receiver's list). */
  check(
    messages: readonly ReceivedWebhook[],
    first: number,
    commitSha: string,
    tree: ReadonlyMap<string, Buffer>,
  ): string[] {
    const out: string[] = [];
    let open: { body: any; ids: Set<string> } | null = null;
    messages.forEach((h, i) => {
      const n = first + i;
      const body = h.body as any;
      const where = `#${n} ${h.event} ${JSON.stringify(body?.file?.path)}`;
      const say = (msg: string) => out.push(`${where}: ${msg}`);
      this.checkHeaders(h, say);
      this.checkBody(h, commitSha, tree, say);
      const chunk = body?.file?.chunk;
      if (open && (!chunk || chunk.id !== open.body.file.chunk.id)) {
        say(`interrupts chunked transfer of ${open.body.file.path}`);
        open = null;
      }
      if (!chunk) {
        return;
      }
      if (!open) {
        if (chunk.index !== 0 || this.chunkIds.has(chunk.id)) {
          say(`chunk ${chunk.id} starts at index ${chunk.index} or reuses an earlier transfer's id`);
        }
        this.chunkIds.add(chunk.id);
        open = { body, ids: new Set() };
      } else {
        const prev = open.body;
        if (chunk.index !== prev.file.chunk.index + 1 || chunk.total !== prev.file.chunk.total) {
          say(`chunk ${chunk.index}/${chunk.total} after ${prev.file.chunk.index}/${prev.file.chunk.total}`);
        }
        for (const k of ['path', 'sha', 'size', 'content_encoding'] as const) {
          if (body.file[k] !== prev.file[k]) {
            say(`file.${k} differs between chunks of one transfer`);
          }
        }
        for (const k of ['previous_sha', 'commit_sha', 'timestamp'] as const) {
          if (body[k] !== prev[k]) {
            say(`${k} differs between chunks of one transfer`);
          }
        }
        open.body = body;
      }
      if (open.ids.has(h.headers['webhook-id'])) {
        say('two chunks of one transfer share a webhook-id');
      }
      open.ids.add(h.headers['webhook-id']);
      if (chunk.index === chunk.total - 1) {
        open = null;
      }
    });
    if (open) {
      out.push(`chunked transfer of ${(open as { body: any }).body.file.path} never completed`);
    }
    return out;
  }

  private checkHeaders(h: ReceivedWebhook, say: (msg: string) => void): void {
    const hd = h.headers;
    const raw = Buffer.from(h.rawBody, 'utf8');
    if (h.status !== 200 || h.path !== `/hooks/${h.event}` || !(h.event in TOP_KEYS)) {
      say(`unexpected path ${h.path} (answered ${h.status})`);
    }
    if (hd['x-docora-event'] !== h.event) {
      say(`X-Docora-Event ${hd['x-docora-event']} does not match the URL path`);
    }
    if (!hd['content-type']?.startsWith('application/json')) {
      say(`Content-Type ${hd['content-type']}`);
    }
    if (hd['x-docora-app-id'] !== this.ctx.appId || !/^Docora\//.test(hd['user-agent'] ?? '')) {
      say(`X-Docora-App-Id ${hd['x-docora-app-id']} / User-Agent ${hd['user-agent']}`);
    }
    // The receiver always answers 200, so every message is a first attempt with a fresh delivery id.
    if (hd['x-docora-attempt'] !== '1') {
      say(`X-Docora-Attempt ${hd['x-docora-attempt']}`);
    }
    const id = hd['webhook-id'];
    if (!id || hd['x-docora-delivery'] !== id) {
      say(`X-Docora-Delivery ${hd['x-docora-delivery']} is not webhook-id ${id}`);
    } else if (this.webhookIds.has(id)) {
      say(`webhook-id ${id} reused`);
    }
    this.webhookIds.add(id);
    const ts = hd['x-docora-timestamp'];
    const swTs = hd['webhook-timestamp'];
    for (const [name, t] of [
      ['X-Docora-Timestamp', ts],
      ['webhook-timestamp', swTs],
    ]) {
      if (!/^\d+$/.test(t ?? '') || Math.abs(Number(t) - h.receivedAt / 1000) > 30) {
        say(`${name} ${t} is not the Unix time in seconds`);
      }
    }
    const key = Buffer.from(this.ctx.key, 'utf8');
    const v1 = createHmac('sha256', key).update(`${ts}.`).update(raw).digest('hex');
    if (hd['x-docora-signature'] !== `sha256=${v1}`) {
      say('X-Docora-Signature is not sha256=hex(HMAC-SHA256(key, ts + "." + body))');
    }
    const sw = createHmac('sha256', key).update(`${id}.${swTs}.`).update(raw).digest('base64');
    if (hd['webhook-signature'] !== `v1,${sw}`) {
      say('webhook-signature is not v1,base64(HMAC-SHA256(key, id + "." + ts + "." + body))');
    }
  }

  private checkBody(
    h: ReceivedWebhook,
    commitSha: string,
    tree: ReadonlyMap<string, Buffer>,
    say: (msg: string) => void,
  ): void {
    const size = Buffer.byteLength(h.rawBody, 'utf8');
    if (size > MAX_BODY_BYTES) {
      say(`body of ${size} bytes exceeds ${MAX_BODY_BYTES}`);
    }
    if (h.body === undefined || JSON.stringify(h.body) !== h.rawBody) {
      say('body is not exactly JSON.stringify(JSON.parse(body))');
      return;
    }
    const body = h.body as any;
    const keys = (o: unknown) => (o && typeof o === 'object' ? Object.keys(o).join(',') : typeof o);
    if (keys(body) !== TOP_KEYS[h.event]?.join(',')) {
      say(`top-level keys ${keys(body)}`);
    }
    if (JSON.stringify(body.repository) !== JSON.stringify(this.ctx.repository)) {
      say(`repository ${JSON.stringify(body.repository)}`);
    }
    if (body.commit_sha !== commitSha || !ISO_MS.test(body.timestamp)) {
      say(`commit_sha ${body.commit_sha} (want ${commitSha}), timestamp ${body.timestamp}`);
    }
    const file = body.file ?? {};
    if (h.event === 'delete') {
      if (keys(file) !== 'path,sha' || !HEX64.test(file.sha) || tree.has(file.path)) {
        say(`delete file ${JSON.stringify(file)} (path still in the tree: ${tree.has(file.path)})`);
      }
      return;
    }
    if (!FILE_KEYS.includes(keys(file))) {
      say(`file keys ${keys(file)}`);
    }
    if (h.event === 'update' && !HEX64.test(body.previous_sha)) {
      say(`previous_sha ${body.previous_sha}`);
    }
    const bytes = tree.get(file.path);
    if (!bytes) {
      say('path is not in the committed tree');
      return;
    }
    if (file.sha !== sha256(bytes) || file.size !== bytes.length) {
      say(`sha/size ${file.sha}/${file.size}, want ${sha256(bytes)}/${bytes.length}`);
    }
    this.checkContent(file, bytes, say);
  }

  /** Text vs binary and chunking decided from the committed bytes with SPEC §4.1's rules. */
  private checkContent(file: any, bytes: Buffer, say: (msg: string) => void): void {
    const text = isText(bytes);
    const b64 = bytes.toString('base64');
    if (file.content_encoding !== undefined && file.content_encoding !== 'base64') {
      say(`content_encoding ${file.content_encoding}`);
    }
    // Chunking: the base64 of a binary, or the text, longer than the threshold. The JSON-escaped text length is
    // what the body carries, so text whose escaped length fits stays whole; in between only the body cap applies.
    const mustChunk = text ? bytes.length > CHUNK_THRESHOLD_BYTES : b64.length > CHUNK_THRESHOLD_BYTES;
    const mayChunk = text
      ? Buffer.byteLength(JSON.stringify(bytes.toString('utf8'))) - 2 > CHUNK_THRESHOLD_BYTES
      : mustChunk;
    const chunk = file.chunk;
    if (!chunk) {
      if (mustChunk) {
        say(`${bytes.length} bytes (${text ? 'text' : 'binary'}) sent unchunked`);
      }
      const want = text ? bytes.toString('utf8') : b64;
      if (file.content !== want || (file.content_encoding === 'base64') === text) {
        say(`${text ? 'text' : 'binary'} content or content_encoding does not match the bytes`);
      }
      return;
    }
    if (!mayChunk) {
      say(`${bytes.length} bytes (${text ? 'text' : 'binary'}) chunked below the threshold`);
    }
    const total = Math.ceil(b64.length / CHUNK_SIZE_CHARS);
    if (
      Object.keys(chunk).join(',') !== 'id,index,total' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(chunk.id) ||
      chunk.total !== total ||
      !Number.isInteger(chunk.index) ||
      chunk.index < 0 ||
      chunk.index >= total
    ) {
      say(`chunk ${JSON.stringify(chunk)}, want total ${total}`);
      return;
    }
    const slice = b64.slice(chunk.index * CHUNK_SIZE_CHARS, (chunk.index + 1) * CHUNK_SIZE_CHARS);
    if (file.content_encoding !== 'base64' || file.content !== slice) {
      say(`chunk ${chunk.index}/${total} is not base64 characters [${chunk.index} × ${CHUNK_SIZE_CHARS}, …)`);
    }
  }
}
