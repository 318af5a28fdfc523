import { ApiError, apiRaw } from './api.js';

/** The logged-in admin's name, asked once per session and cached; null when there is no session. */
let cached: Promise<string | null> | null = null;

export function currentUser(): Promise<string | null> {
  cached ??= apiRaw<{ username: string }>('GET', '/session').then(
    (s) => s.username,
    (e: unknown) => {
      cached = null;
      if (e instanceof ApiError && e.status === 401) {
        return null;
      }
      throw e;
    },
  );
  return cached;
}

export function forgetSession(): void {
  cached = null;
}

export async function login(username: string, password: string): Promise<void> {
  await apiRaw('POST', '/login', { username, password });
  cached = Promise.resolve(username);
}

export async function logout(): Promise<void> {
  try {
    await apiRaw('POST', '/logout');
  } finally {
    cached = null;
  }
}
