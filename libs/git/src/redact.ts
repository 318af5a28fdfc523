const MASK = '***';

/** Tokens GitHub issues (classic, fine-grained, app installation, OAuth, user-to-server, refresh). */
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
/** `Authorization: <scheme> <credentials>` in headers echoed by git's trace or error output. */
const AUTH_HEADER = /\b(authorization\s*[:=]\s*)(?:(basic|bearer|token)\s+)?[^\s'"]+/gi;
/** A Basic credential anywhere else. */
const BASIC_CREDENTIALS = /\b(basic)\s+[A-Za-z0-9+/=_-]{6,}/gi;
/** `scheme://user:password@host`: keep the scheme and host, drop the userinfo. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@'"]+@/gi;
/**
 * An absolute POSIX path: a `/` that does not belong to a URL or follow `<cache>` (not after `:`, `/`, `]`, `>`,
 * a word character or `.`), up to whitespace, a quote or punctuation that ends a path in git messages.
 */
const ABSOLUTE_PATH = /(?<![\w:/.~\]>-])\/(?!\/)[^\s'"`:,;()<>[\]]*/g;

/**
 * Removes secrets from a git error message so it can be logged, stored and sent in `sync_failed`:
 * the given secrets (and their base64 forms, as sent in Basic auth), GitHub-style tokens, Authorization
 * headers, Basic credentials, URL userinfo and absolute local paths (cache directories reveal the layout of the
 * host).
 */
export function redactGitMessage(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of expandSecrets(secrets)) {
    out = out.split(secret).join(MASK);
  }
  out = out.replace(
    AUTH_HEADER,
    (_m, prefix: string, scheme?: string) => `${prefix}${scheme ? `${scheme} ` : ''}${MASK}`,
  );
  out = out.replace(BASIC_CREDENTIALS, (_m, scheme: string) => `${scheme} ${MASK}`);
  out = out.replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${MASK}@`);
  out = out.replace(GITHUB_TOKEN, MASK);
  out = out.replace(ABSOLUTE_PATH, (p) => (p === '/' ? p : '<path>'));
  return out;
}

/**
 * Each secret plus the forms in which it leaks: base64 of `x-access-token:<secret>` and of the bare secret,
 * and the URL-encoded secret. Longest first, so a secret that contains another is masked whole. Very short
 * strings are ignored: masking every "a" would destroy the message and hide nothing.
 */
function expandSecrets(secrets: string[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) {
      continue;
    }
    all.add(s);
    all.add(encodeURIComponent(s));
    all.add(Buffer.from(`x-access-token:${s}`).toString('base64'));
    all.add(Buffer.from(s).toString('base64').replace(/=+$/, ''));
  }
  return [...all].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** What the engines redact from their errors: the token, and the cache directory shown as `<cache>`. */
export function redactForOperation(message: string, ctx: { token?: string; cacheDir?: string }): string {
  const named =
    ctx.cacheDir && ctx.cacheDir.length > 1 ? message.split(ctx.cacheDir).join('<cache>') : message;
  return redactGitMessage(named, ctx.token ? [ctx.token] : []);
}
