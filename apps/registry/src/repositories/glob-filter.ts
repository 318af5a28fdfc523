import { AppError, ErrorCode } from '@lib/contracts';

/** Normalises include/exclude patterns: trimmed, no empty or absolute patterns, no `..` segments, deduplicated. */
export function normalisePatterns(field: 'include' | 'exclude', patterns: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of patterns ?? []) {
    const p = raw.trim();
    if (!p || p.startsWith('/') || p.split('/').includes('..') || p.includes('\0')) {
      throw new AppError(ErrorCode.ValidationFailed, `body/${field} Invalid glob pattern "${raw}"`, [
        `body/${field} Invalid glob pattern`,
      ]);
    }
    if (!out.includes(p)) {
      out.push(p);
    }
  }
  return out;
}
