import type { IncomingMessage } from 'node:http';

/**
 * Push hooks (`/hooks/*`) are verified over their exact bytes, so they are read raw (any Content-Type) instead of
 * going through the JSON parser. 5 MiB: every byte is buffered before the signature can be checked, so the cap
 * bounds what an unauthenticated sender can make a gateway hold. GitHub allows deliveries up to 25 MB (each
 * commit's added/removed/modified lists are capped at 5,000 paths; GitLab lists at most 20 commits), but an
 * ordinary push is a few kilobytes; a rare giant push gets a 413 and is picked up by polling instead.
 */
export const MAX_HOOK_BODY_BYTES = 5 * 1024 * 1024;

const HOOK_PATH = /^\/hooks(\/|\?|$)/;

export function isHookPath(url: string | undefined): boolean {
  return HOOK_PATH.test(url ?? '');
}

/** The raw parser's `type` predicate: only hook requests are read raw; the JSON parser then skips them. */
export function isHookRequest(req: IncomingMessage): boolean {
  return isHookPath(req.url);
}
