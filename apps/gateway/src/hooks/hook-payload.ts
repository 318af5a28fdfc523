import { AppError, ErrorCode, PushHookRequest } from '@lib/contracts';
import type { IncomingHttpHeaders } from 'node:http';

/** What a verified delivery asks for, before the registry matches it against watched repositories. */
export type HookOutcome =
  | { kind: 'ping' }
  | { kind: 'ignored'; message: string }
  | { kind: 'push'; push: Pick<PushHookRequest, 'full_name' | 'repository_url' | 'branch' | 'deleted'> };

type Json = Record<string, unknown>;

/** The gateway's own answers (the registry's are PushHookMessages). */
export const HookMessages = {
  Pong: 'pong',
  NotABranchPush: 'Not a branch push',
  NotABranchDeletion: 'Not a branch deletion',
  EventIgnored: 'Event ignored',
} as const;

export function invalid(detail: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, detail, [detail]);
}

/** One header value; a repeated header (an array) counts as absent rather than guessing which one is meant. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** The event name, for messages only when it is plainly a name (it is echoed back to the sender). */
export function eventLabel(event: string): string {
  return /^[\w .-]{1,64}$/.test(event) ? `Event "${event}" ignored` : HookMessages.EventIgnored;
}

/**
 * The JSON payload of a delivery: `application/json`, or (GitHub's and Gitea's other option)
 * `application/x-www-form-urlencoded` with the JSON in a `payload` field. No Content-Type is read as JSON.
 */
export function decodePayload(raw: Buffer, contentType: string | undefined): Json {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let text: string;
  if (type === '' || type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type)) {
    text = raw.toString('utf8');
  } else if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
    if (payload === null) {
      throw invalid('body/payload is required (a form-encoded hook carries its JSON in a payload field)');
    }
    text = payload;
  } else {
    throw new AppError(
      ErrorCode.UnsupportedMediaType,
      'Content-Type must be application/json or application/x-www-form-urlencoded',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, 'Malformed JSON body');
  }
  if (!isObject(value)) {
    throw invalid('body must be a JSON object');
  }
  return value;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `o[key]` as an object; missing or of another type is a 400 naming the field. */
export function objectField(o: Json, key: string, at: string): Json {
  const v = o[key];
  if (v === undefined || v === null) {
    throw invalid(`${at}${key} is required`);
  }
  if (!isObject(v)) {
    throw invalid(`${at}${key} must be an object`);
  }
  return v;
}

/** `o[key]` as a non-empty string, or undefined when absent (null counts as absent); another type is a 400. */
export function optionalString(o: Json, key: string, at: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v !== 'string' || v === '') {
    throw invalid(`${at}${key} must be a non-empty string`);
  }
  return v;
}

export function requiredString(o: Json, key: string, at: string): string {
  const v = optionalString(o, key, at);
  if (v === undefined) {
    throw invalid(`${at}${key} is required`);
  }
  return v;
}

/** `owner/name` from a repository's web address (`https://host/owner/name[.git][/]`), or undefined. */
export function pathOfUrl(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  try {
    const path = decodeURIComponent(new URL(url).pathname)
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/, '');
    return path || undefined;
  } catch {
    return undefined;
  }
}

/** The repository a payload names: its `owner/name` field, else the path of its web address. */
export function repositoryOf(
  o: Json,
  names: { object: string; fullName: string; url: string },
): { full_name: string; repository_url?: string } {
  const at = `body/${names.object}.`;
  const repo = objectField(o, names.object, 'body/');
  const url = optionalString(repo, names.url, at);
  const fullName = optionalString(repo, names.fullName, at) ?? pathOfUrl(url);
  if (!fullName) {
    throw invalid(`${at}${names.fullName} is required`);
  }
  return url ? { full_name: fullName, repository_url: url } : { full_name: fullName };
}

// git check-ref-format, as for registration: no control characters, spaces, `..`, `~^:?*[\`, `@{`, or `.lock`.
// eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$)[^\x00-\x20~^:?*[\\\x7f]{1,255}$/;

/** The branch of a full ref (`refs/heads/<branch>`); null for tags and other refs. */
export function branchOfRef(ref: string): string | null {
  if (!ref.startsWith('refs/heads/')) {
    return null;
  }
  const branch = ref.slice('refs/heads/'.length);
  if (!BRANCH.test(branch)) {
    throw invalid('body/ref Invalid branch name');
  }
  return branch;
}

/** An all-zero object id (SHA-1 or SHA-256) as `after`: the ref was deleted. */
export function isZeroId(v: unknown): boolean {
  return typeof v === 'string' && /^0{40}(0{24})?$/.test(v);
}
