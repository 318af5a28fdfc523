import { classifyContent } from './classify-content.util';
import type { ContentKind, FileEvent, WebhookRepository } from './payload.types';
import { repositoryObject } from './repository-object.util';

export interface FileMessageInput {
  event: FileEvent;
  repository: WebhookRepository;
  path: string;
  /** Raw bytes; required for create and update, ignored for delete. */
  content?: Buffer;
  /** SHA-256 hex of the raw bytes; for delete, the last delivered sha. */
  sha: string;
  /** Required for update. */
  previousSha?: string;
  commitSha: string;
  /** ISO-8601, shared by every chunk of the file. */
  timestamp: string;
  /** BINARY_CHUNK_THRESHOLD_BYTES: encoded content longer than this is chunked. */
  chunkThresholdBytes: number;
  /** BINARY_CHUNK_SIZE_BYTES: base64 characters per chunk; a multiple of 4 so every slice decodes alone. */
  chunkSizeChars: number;
  /** Stable across retries (unlike v1's fresh UUID per attempt), so receivers can resume a transfer. */
  chunkId: string;
}

interface ContentPlan {
  kind: ContentKind;
  /** Number of chunks, or 0 when the content goes in one body. */
  chunks: number;
}

/**
 * Length the content occupies inside the JSON body: the JSON-escaped UTF-8 text, or the base64 string.
 * For text this counts escapes too (`\n` is 2 bytes, other control characters 6), so a file of newlines or
 * quotes near the threshold is chunked rather than sent as a body twice the threshold.
 */
export function encodedContentLength(bytes: Buffer, kind: ContentKind = classifyContent(bytes)): number {
  if (kind === 'binary') {
    return base64Length(bytes.length);
  }
  let length = bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22 || b === 0x5c || b === 0x08 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d) {
      length += 1;
    } else if (b < 0x20) {
      length += 5;
    }
  }
  return length;
}

/** How many bodies buildFileMessages returns for this input (1 unless the content is chunked). */
export function messageCount(input: FileMessageInput): number {
  return Math.max(1, plan(input).chunks);
}

/** All bodies for one file change, in sending order. Each is its own webhook message. */
export function buildFileMessages(input: FileMessageInput): string[] {
  const contentPlan = plan(input);
  return Array.from({ length: Math.max(1, contentPlan.chunks) }, (_, index) =>
    render(input, contentPlan, index),
  );
}

/**
 * Body number `index` only. Encodes just that chunk's bytes, so a sender can rebuild chunk k for a retry without
 * holding every body of a large file in memory.
 */
export function buildFileMessage(input: FileMessageInput, index: number): string {
  const contentPlan = plan(input);
  const total = Math.max(1, contentPlan.chunks);
  if (!Number.isSafeInteger(index) || index < 0 || index >= total) {
    throw new RangeError(`message index ${index} out of range 0..${total - 1}`);
  }
  return render(input, contentPlan, index);
}

function render(input: FileMessageInput, { kind, chunks }: ContentPlan, index: number): string {
  const repository = repositoryObject(input.repository);
  if (input.event === 'delete') {
    return JSON.stringify({
      repository,
      file: { path: input.path, sha: input.sha },
      commit_sha: input.commitSha,
      timestamp: input.timestamp,
    });
  }
  const content = contentOf(input);
  const file =
    chunks > 0
      ? {
          path: input.path,
          sha: input.sha,
          size: content.length,
          content: chunkSlice(content, input.chunkSizeChars, index),
          content_encoding: 'base64',
          chunk: { id: input.chunkId, index, total: chunks },
        }
      : kind === 'text'
        ? { path: input.path, sha: input.sha, size: content.length, content: content.toString('utf8') }
        : {
            path: input.path,
            sha: input.sha,
            size: content.length,
            content: content.toString('base64'),
            content_encoding: 'base64',
          };
  if (input.event === 'update') {
    return JSON.stringify({
      repository,
      file,
      previous_sha: input.previousSha,
      commit_sha: input.commitSha,
      timestamp: input.timestamp,
    });
  }
  return JSON.stringify({ repository, file, commit_sha: input.commitSha, timestamp: input.timestamp });
}

function plan(input: FileMessageInput): ContentPlan {
  validate(input);
  if (input.event === 'delete') {
    return { kind: 'text', chunks: 0 };
  }
  const content = contentOf(input);
  const kind = classifyContent(content);
  // Escaping only adds bytes, so raw size above the threshold already decides without scanning the file.
  const chunked =
    content.length > input.chunkThresholdBytes ||
    encodedContentLength(content, kind) > input.chunkThresholdBytes;
  if (chunked && !input.chunkId) {
    throw new TypeError(`chunked ${input.event} of ${input.path} needs a chunkId`);
  }
  return { kind, chunks: chunked ? Math.ceil(base64Length(content.length) / input.chunkSizeChars) : 0 };
}

function validate(input: FileMessageInput): void {
  const { chunkSizeChars, chunkThresholdBytes } = input;
  if (!Number.isSafeInteger(chunkSizeChars) || chunkSizeChars <= 0 || chunkSizeChars % 4 !== 0) {
    throw new RangeError(`chunkSizeChars must be a positive multiple of 4, got ${chunkSizeChars}`);
  }
  if (!Number.isSafeInteger(chunkThresholdBytes) || chunkThresholdBytes < 0) {
    throw new RangeError(`chunkThresholdBytes must be a non-negative integer, got ${chunkThresholdBytes}`);
  }
  if (input.event === 'update' && !input.previousSha) {
    throw new TypeError(`update of ${input.path} needs previousSha`);
  }
}

function contentOf(input: FileMessageInput): Buffer {
  if (!Buffer.isBuffer(input.content)) {
    throw new TypeError(`${input.event} of ${input.path} needs content`);
  }
  return input.content;
}

function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/**
 * Characters [index*C, (index+1)*C) of the file's base64. With C a multiple of 4 that is exactly the base64 of
 * raw bytes [index*C/4*3, (index+1)*C/4*3), since padding only ever appears at the very end.
 */
function chunkSlice(content: Buffer, chunkSizeChars: number, index: number): string {
  const rawPerChunk = (chunkSizeChars / 4) * 3;
  return content.subarray(index * rawPerChunk, (index + 1) * rawPerChunk).toString('base64');
}
