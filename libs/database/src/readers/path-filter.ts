import picomatch from 'picomatch';

export interface PathFilterSpec {
  include?: string[];
  exclude?: string[];
}

/**
 * Subscription filters: globs over the full repository path (`docs/**`, `**\/*.md`), dotfiles included. A path is
 * in scope when it matches some include (or there are none) and no exclude.
 */
export function pathFilter(spec: PathFilterSpec): (path: string) => boolean {
  const opts = { dot: true };
  const inc = (spec.include ?? []).map((p) => picomatch(p, opts));
  const exc = (spec.exclude ?? []).map((p) => picomatch(p, opts));
  return (path) => (inc.length === 0 || inc.some((m) => m(path))) && !exc.some((m) => m(path));
}

export function sameFilter(a: PathFilterSpec, b: PathFilterSpec): boolean {
  const norm = (s: PathFilterSpec) =>
    JSON.stringify([[...(s.include ?? [])].sort(), [...(s.exclude ?? [])].sort()]);
  return norm(a) === norm(b);
}
