import { isUtf8 } from 'node:buffer';
import type { ContentKind } from './payload.types';

/** How far to look for a NUL byte, like git's own binary heuristic. */
export const NUL_SCAN_BYTES = 8000;

/**
 * Text iff the whole file is valid UTF-8 and has no NUL in its first 8,000 bytes (SPEC §4.1). Unlike v1
 * (isbinaryfile on 512 bytes, then lossy decoding), text content then round-trips to the exact bytes that `sha`
 * describes. The empty file is text.
 */
export function classifyContent(bytes: Buffer): ContentKind {
  if (bytes.subarray(0, NUL_SCAN_BYTES).includes(0)) {
    return 'binary';
  }
  return isUtf8(bytes) ? 'text' : 'binary';
}
