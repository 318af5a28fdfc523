import { createHash } from 'node:crypto';
import type { ReceivedWebhook } from '@lib/testing';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface FileObject {
  path: string;
  sha: string;
  size?: number;
  content?: string;
  content_encoding?: string;
  chunk?: { id: string; index: number; total: number };
}

interface FileBody {
  file: FileObject;
  previous_sha?: string;
}

interface PendingTransfer {
  event: string;
  file: FileObject;
  previousSha?: string;
  slices: (string | undefined)[];
}

/**
 * What a client app would hold if it knew nothing but the webhooks it received: applies create/update/delete in
 * arrival order, reassembles chunked files by chunk id, and checks each change against what it already holds
 * (a create of a held path, an update or delete whose sha is not the one delivered before, a decoded size or
 * SHA-256 that does not match the body). Written from SPEC §4.1 and docora-v1.md §4 only, no Docora code.
 */
export class MaterializedCopy {
  readonly files = new Map<string, { bytes: Buffer; sha: string }>();
  /** One line per inconsistency seen while applying; a correct sender leaves it empty. */
  readonly problems: string[] = [];
  private readonly transfers = new Map<string, PendingTransfer>();
  private consumed = 0;

  /** Applies the messages received since the last call (the receiver's list only grows until cleared). */
  sync(received: readonly ReceivedWebhook[]): this {
    for (; this.consumed < received.length; this.consumed++) {
      this.apply(received[this.consumed], this.consumed);
    }
    return this;
  }

  /** Paths whose chunked transfer has started but not completed. */
  incompleteTransfers(): string[] {
    return [...this.transfers.values()].map((t) => t.file.path);
  }

  /** Differences from `tree` as short lines (empty when the copy equals it byte for byte). */
  differences(tree: ReadonlyMap<string, Buffer>): string[] {
    const out: string[] = [];
    for (const [path, bytes] of tree) {
      const held = this.files.get(path);
      if (!held) {
        out.push(`missing ${JSON.stringify(path)}`);
      } else if (!held.bytes.equals(bytes)) {
        out.push(`different ${JSON.stringify(path)}: ${held.bytes.length} bytes, want ${bytes.length}`);
      }
    }
    for (const path of this.files.keys()) {
      if (!tree.has(path)) {
        out.push(`extra ${JSON.stringify(path)}`);
      }
    }
    return out.sort();
  }

  private apply(h: ReceivedWebhook, n: number): void {
    const body = h.body as FileBody | undefined;
    const file = body?.file;
    if (!file || typeof file.path !== 'string') {
      this.problems.push(`#${n} ${h.event}: no file object`);
      return;
    }
    const where = `#${n} ${h.event} ${JSON.stringify(file.path)}`;
    if (h.event === 'delete') {
      const held = this.files.get(file.path);
      if (!held) {
        this.problems.push(`${where}: delete of a path never delivered`);
      } else if (held.sha !== file.sha) {
        this.problems.push(`${where}: delete sha ${file.sha} is not the delivered ${held.sha}`);
      }
      this.files.delete(file.path);
      return;
    }
    if (h.event !== 'create' && h.event !== 'update') {
      this.problems.push(`${where}: unexpected event`);
      return;
    }
    if (typeof file.content !== 'string') {
      this.problems.push(`${where}: no content`);
      return;
    }
    if (!file.chunk) {
      const bytes =
        file.content_encoding === 'base64'
          ? decodeBase64(file.content, where, this.problems)
          : Buffer.from(file.content, 'utf8');
      this.store(h.event, file, body.previous_sha, bytes, where);
      return;
    }
    const { id, index, total } = file.chunk;
    const t = this.transfers.get(id) ?? {
      event: h.event,
      file,
      previousSha: body.previous_sha,
      slices: new Array<string | undefined>(total).fill(undefined),
    };
    this.transfers.set(id, t);
    if (t.slices.length !== total || t.file.path !== file.path || t.event !== h.event) {
      this.problems.push(`${where}: chunk ${id} changed total, path or event mid-transfer`);
    }
    t.slices[index] = file.content;
    if (t.slices.every((s) => s !== undefined)) {
      this.transfers.delete(id);
      const bytes = decodeBase64(t.slices.join(''), where, this.problems);
      this.store(t.event, t.file, t.previousSha, bytes, where);
    }
  }

  private store(
    event: string,
    file: FileObject,
    previousSha: string | undefined,
    bytes: Buffer,
    where: string,
  ): void {
    const held = this.files.get(file.path);
    if (event === 'create' && held) {
      this.problems.push(`${where}: create of a path already held`);
    }
    if (event === 'update' && !held) {
      this.problems.push(`${where}: update of a path never delivered`);
    }
    if (event === 'update' && held && previousSha !== held.sha) {
      this.problems.push(`${where}: previous_sha ${previousSha} is not the delivered ${held.sha}`);
    }
    if (sha256(bytes) !== file.sha) {
      this.problems.push(`${where}: sha ${file.sha} is not the SHA-256 of the decoded bytes`);
    }
    if (bytes.length !== file.size) {
      this.problems.push(`${where}: size ${file.size} but ${bytes.length} bytes decoded`);
    }
    this.files.set(file.path, { bytes, sha: file.sha });
  }
}

/** Strict standard base64 (Buffer.from silently skips invalid characters, so compare the round trip). */
function decodeBase64(text: string, where: string, problems: string[]): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    problems.push(`${where}: content is not canonical standard base64`);
  }
  return bytes;
}
