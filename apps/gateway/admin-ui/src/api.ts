/** The admin API from the browser: same origin, so the session cookie (Path=/admin, SameSite=Strict) goes along. */

export const API_BASE = '/admin/api';

/** A refused request, with the API's `error` text (its error shape is {"error","code","details?"}). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;

/** Routes whose 401 is an answer, not a lost session: a wrong password, and the "am I logged in?" probe. */
const ANSWERS_401 = new Set(['/login', '/session']);

/** The router's reaction to a lost session (401 anywhere but the login call): back to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function messageOf(status: number, body: unknown): { message: string; code?: string } {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    const { error, code } = body as { error: string; code?: unknown };
    return { message: error, code: typeof code === 'string' ? code : undefined };
  }
  return { message: `Request failed (HTTP ${status})` };
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) {
      throw e;
    }
    throw new ApiError(0, 'Docora cannot be reached: check the connection and try again');
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy's error page): the status alone tells what happened
  }
  if (!res.ok) {
    const { message, code } = messageOf(res.status, parsed);
    if (res.status === 401 && !ANSWERS_401.has(path)) {
      onUnauthorized();
    }
    throw new ApiError(res.status, message, code);
  }
  return parsed;
}

/** GET/POST/… a route whose answer is `{data: T}`; resolves with T. */
export async function apiData<T>(
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const parsed = (await send(method, path, body, signal)) as { data: T };
  return parsed.data;
}

/** A route answered without the {data} envelope (login, logout, session). */
export async function apiRaw<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await send(method, path, body)) as T;
}

/** `?a=1&b=2` from the defined values. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
