import { BLOB_PART_BYTES, BlobSource } from '@lib/blob-store';
import { GitEngine } from '@lib/git';

/** Small blobs read ahead of the one being stored: bounded by PREFETCH x BLOB_PART_BYTES if an engine buffers. */
const PREFETCH = 32;

/**
 * The blobs to store as sources for BlobStore.putAll, which opens them once each, in order. Reads of small blobs
 * are issued a few ahead so the native engine pipelines them (no round trip to git per file); a big blob is read
 * only when its turn comes. `abandon` destroys whatever was read ahead and not consumed (after a failure).
 */
export function blobSources(
  git: GitEngine,
  cacheDir: string,
  blobs: Array<{ oid: string; size: number }>,
): { sources: Iterable<BlobSource>; abandon: () => void } {
  const ahead: Array<Promise<NodeJS.ReadableStream>> = [];
  let issued = 0;
  const issue = (): void => {
    while (ahead.length < PREFETCH && issued < blobs.length && blobs[issued].size <= BLOB_PART_BYTES) {
      const read = git.readBlob(cacheDir, blobs[issued++].oid);
      read.catch(() => undefined); // awaited by open(); a read never opened must not be an unhandled rejection
      ahead.push(read);
    }
  };
  const open = (i: number): Promise<NodeJS.ReadableStream> => {
    let read: Promise<NodeJS.ReadableStream>;
    if (i === issued) {
      // A big one (or nothing read ahead): read it now, in order, then read ahead past it.
      read = git.readBlob(cacheDir, blobs[issued++].oid);
    } else {
      read = ahead.shift() as Promise<NodeJS.ReadableStream>;
    }
    issue();
    return read;
  };
  return {
    sources: blobs.map((b, i) => ({
      oid: b.oid,
      size: b.size,
      open: async () => (await open(i)) as unknown as AsyncIterable<Buffer>,
    })),
    abandon: () => {
      for (const read of ahead.splice(0)) {
        void read.then(
          (s) => (s as NodeJS.ReadableStream & { destroy(): void }).destroy(),
          () => undefined,
        );
      }
    },
  };
}
