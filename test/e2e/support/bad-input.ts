import type { DocoraTestEnv } from '@lib/testing';
import type { RawReply } from './raw-http';

/**
 * What the registry stores, as one comparable value per table (row count and a digest of the rows). Columns that
 * background work changes on its own (scan status, check times) are left out, so two readings taken around a
 * refused request are equal unless the request itself changed something.
 */
const REGISTRY_STATE = `SELECT
  (SELECT count(*) || ':' || md5(coalesce(string_agg(a::text, '|' ORDER BY a.app_id), '')) FROM apps a) AS apps,
  (SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws(',', r.repository_id, r.identity, r.github_url,
     r.is_private, r.default_branch), '|' ORDER BY r.repository_id), '')) FROM repositories r) AS repositories,
  (SELECT count(*) || ':' || md5(coalesce(string_agg(concat_ws(',', s.app_id, s.repository_id, s.branch,
     s.include::text, s.exclude::text, s.github_token_encrypted), '|' ORDER BY s.app_id, s.repository_id), ''))
     FROM subscriptions s) AS subscriptions,
  (SELECT count(*) || ':' || md5(coalesce(string_agg(w.repository_id || ',' || w.branch, '|'
     ORDER BY w.repository_id, w.branch), '')) FROM watched_branches w) AS watched_branches`;

export type RegistryState = Record<'apps' | 'repositories' | 'subscriptions' | 'watched_branches', string>;

export async function registryState(env: DocoraTestEnv): Promise<RegistryState> {
  return (await env.query<RegistryState>(REGISTRY_STATE))[0];
}

/** Runs `action` and fails if it changed anything the registry stores. */
export async function unchanged<T>(env: DocoraTestEnv, action: () => Promise<T>): Promise<T> {
  const before = await registryState(env);
  const result = await action();
  expect(await registryState(env)).toEqual(before);
  return result;
}

/** Traces of internals that must never reach a client (stack frames, driver and parser messages, paths). */
const INTERNALS =
  /\bat [\w.<>]+ \(|node_modules|\/src\/|QueryFailedError|TypeError|RangeError|SyntaxError|Unexpected token|ECONN|ENOENT|stack|incorrect header check|\bpg\b|duplicate key|violates/i;

export interface ExpectedError {
  error?: string | RegExp;
  code?: string;
  details?: string[];
}

/**
 * The one error shape (SPEC §2): `{"error": string, "code": CODE, "details"?: string[]}` and nothing else, as JSON,
 * with the exact status and, where given, the exact message, code and details.
 */
export function expectError(res: RawReply, status: number, expected: ExpectedError = {}): void {
  const seen = { status: res.status, body: res.body };
  expect(seen).toEqual({ status, body: expect.any(Object) });
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = res.body as Record<string, unknown>;
  expect(Object.keys(body).filter((k) => !['error', 'code', 'details'].includes(k))).toEqual([]);
  expect(body.error).toEqual(expect.any(String));
  expect(body.code).toMatch(/^[A-Z][A-Z_]+$/);
  if (body.details !== undefined) {
    expect(Array.isArray(body.details) && body.details.every((d) => typeof d === 'string')).toBe(true);
  }
  expect(String(body.error)).not.toMatch(INTERNALS);
  if (expected.error instanceof RegExp) {
    expect(body.error).toMatch(expected.error);
  } else if (expected.error !== undefined) {
    expect(body.error).toBe(expected.error);
  }
  if (expected.code !== undefined) {
    expect(body.code).toBe(expected.code);
  }
  if (expected.details !== undefined) {
    expect(body.details).toEqual(expected.details);
  }
}

/** A validation failure: 400, VALIDATION_FAILED, the details joined as the message. */
export function expectValidation(res: RawReply, details: string[]): void {
  expectError(res, 400, { error: details.join(', '), code: 'VALIDATION_FAILED', details });
}
