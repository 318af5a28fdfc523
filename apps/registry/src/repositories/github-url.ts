import { AppError, ErrorCode } from '@lib/contracts';

export const GITHUB_URL_MESSAGE = 'Must be a valid GitHub repository URL (https://github.com/owner/repo)';

export interface RepoCoordinates {
  owner: string;
  name: string;
}

// GitHub's own rules: owner is alphanumeric or single hyphens; a repository name is [A-Za-z0-9._-] and not "." or "..".
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/**
 * Accepts `<GITHUB_URL>/<owner>/<name>` with or without `.git` or a trailing slash (v1 refused both and dotted
 * names such as vue.js). Anything else — other hosts, extra path segments, query strings, credentials — is a 400.
 */
export function parseGithubUrl(input: string, githubUrl: string): RepoCoordinates {
  const fail = () =>
    new AppError(ErrorCode.ValidationFailed, `body/github_url ${GITHUB_URL_MESSAGE}`, [
      `body/github_url ${GITHUB_URL_MESSAGE}`,
    ]);
  // Dot segments (also percent-encoded) would be resolved away by URL parsing: refuse them rather than guess.
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(input.trim().replace(/^[a-z]+:\/\/[^/]*/i, ''))) {
    throw fail();
  }
  let url: URL;
  let base: URL;
  try {
    url = new URL(input.trim());
    base = new URL(githubUrl);
  } catch {
    throw fail();
  }
  if (url.protocol !== base.protocol || url.host.toLowerCase() !== base.host.toLowerCase()) {
    throw fail();
  }
  if (url.username || url.password || url.search || url.hash) {
    throw fail();
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(basePath + '/')) {
    throw fail();
  }
  const rest = url.pathname.slice(basePath.length + 1).replace(/\/$/, '');
  const parts = rest.split('/');
  if (parts.length !== 2) {
    throw fail();
  }
  const owner = parts[0];
  const name = parts[1].replace(/\.git$/, '');
  if (!OWNER.test(owner) || !NAME.test(name)) {
    throw fail();
  }
  return { owner, name };
}

export function repositoryIdentity(c: RepoCoordinates): string {
  return `${c.owner}/${c.name}`.toLowerCase();
}

export function canonicalGithubUrl(githubUrl: string, c: RepoCoordinates): string {
  return `${githubUrl.replace(/\/+$/, '')}/${c.owner}/${c.name}`;
}
