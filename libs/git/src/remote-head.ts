import * as git from 'isomorphic-git';
import type { RemoteSpec } from './git-engine.port';
import { assertBranch, assertRemoteUrl } from './git-input';
import { auth, toGitError, withDeadline } from './isomorphic-http';

/**
 * The cheap check, shared by both engines: one protocol-v2 `ls-refs` with `ref-prefix refs/heads/<branch>`, so
 * the server lists one ref and sends no objects, and nothing touches the disk. The native engine uses it too:
 * `git ls-remote` 2.39 sends no ref-prefix for a pattern (patterns match ref-name tails), so it would list every
 * branch, tag and pull-request ref of the repository on each check. Resolves null when the branch does not exist.
 */
export async function resolveBranchHead(
  remote: RemoteSpec,
  branch: string,
  timeoutMs: number,
): Promise<string | null> {
  const url = assertRemoteUrl(remote);
  assertBranch(branch);
  const ref = `refs/heads/${branch}`;
  try {
    const refs = await git.listServerRefs({
      http: withDeadline(timeoutMs),
      url,
      protocolVersion: 2,
      prefix: ref,
      ...auth(remote.token),
    });
    // A prefix also matches refs/heads/<branch>-other: keep the exact name.
    return refs.find((r) => r.ref === ref)?.oid ?? null;
  } catch (err) {
    throw toGitError(err, 'ls-remote', { token: remote.token });
  }
}
