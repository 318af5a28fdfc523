import type { DocoraConfig } from '@lib/config';
import { PushHookProvider } from '@lib/contracts';
import { safeEqual, verifyGiteaSignature, verifyGitHubSignature } from '@lib/signing';
import type { IncomingHttpHeaders } from 'node:http';
import {
  branchOfRef,
  decodePayload,
  eventLabel,
  header,
  HookMessages,
  HookOutcome,
  invalid,
  isZeroId,
  repositoryOf,
  requiredString,
} from './hook-payload';

/** How one provider signs, names its events and shapes its push payload. */
export interface HookProvider {
  id: PushHookProvider;
  label: string;
  /** The variable that enables the hook; without it the route answers 404. */
  secretVariable: string;
  secret(hooks: DocoraConfig['hooks']): string | undefined;
  /** Constant-time check of the delivery's signature (or token) against the configured secret. */
  verify(secret: string, raw: Buffer, headers: IncomingHttpHeaders): boolean;
  /** What the sender must fix when verify() fails; never echoes the value sent. */
  unauthorized: string;
  /** Header naming the delivery (reused as the check's correlation id). */
  deliveryHeader: string;
  /** Reads an already verified delivery. Throws 400/415 AppErrors for malformed ones. */
  read(headers: IncomingHttpHeaders, raw: Buffer): HookOutcome;
}

function eventOf(headers: IncomingHttpHeaders, name: string, display: string): string {
  const event = header(headers, name)?.trim();
  if (!event) {
    throw invalid(`headers/${display} is required`);
  }
  return event;
}

/** GitHub and Gitea push payloads: `ref`, `after`, `deleted` (GitHub), `repository.full_name` / `html_url`. */
function githubStylePush(headers: IncomingHttpHeaders, raw: Buffer): HookOutcome {
  const payload = decodePayload(raw, header(headers, 'content-type'));
  const repository = repositoryOf(payload, { object: 'repository', fullName: 'full_name', url: 'html_url' });
  const ref = requiredString(payload, 'ref', 'body/');
  const branch = branchOfRef(ref);
  if (branch === null) {
    return { kind: 'ignored', message: HookMessages.NotABranchPush };
  }
  const deleted = payload.deleted === true || isZeroId(payload.after);
  return { kind: 'push', push: { ...repository, branch, deleted } };
}

export const GITHUB: HookProvider = {
  id: 'github',
  label: 'GitHub',
  secretVariable: 'GITHUB_WEBHOOK_SECRET',
  secret: (hooks) => hooks.githubSecret,
  verify: (secret, raw, headers) =>
    verifyGitHubSignature(secret, raw, header(headers, 'x-hub-signature-256')),
  unauthorized: 'Invalid or missing X-Hub-Signature-256',
  deliveryHeader: 'x-github-delivery',
  read(headers, raw) {
    const event = eventOf(headers, 'x-github-event', 'X-GitHub-Event');
    if (event === 'ping') {
      return { kind: 'ping' };
    }
    return event === 'push' ? githubStylePush(headers, raw) : { kind: 'ignored', message: eventLabel(event) };
  },
};

export const GITEA: HookProvider = {
  id: 'gitea',
  label: 'Gitea',
  secretVariable: 'GITEA_WEBHOOK_SECRET',
  secret: (hooks) => hooks.giteaSecret,
  verify: (secret, raw, headers) => verifyGiteaSignature(secret, raw, header(headers, 'x-gitea-signature')),
  unauthorized: 'Invalid or missing X-Gitea-Signature',
  deliveryHeader: 'x-gitea-delivery',
  read(headers, raw) {
    const event = eventOf(headers, 'x-gitea-event', 'X-Gitea-Event');
    if (event === 'push') {
      return githubStylePush(headers, raw);
    }
    if (event !== 'delete') {
      return { kind: 'ignored', message: eventLabel(event) };
    }
    // Gitea reports a deleted branch as its own event (short ref name, ref_type), not as a push.
    const payload = decodePayload(raw, header(headers, 'content-type'));
    const repository = repositoryOf(payload, {
      object: 'repository',
      fullName: 'full_name',
      url: 'html_url',
    });
    const ref = requiredString(payload, 'ref', 'body/');
    if (payload.ref_type !== 'branch') {
      return { kind: 'ignored', message: HookMessages.NotABranchDeletion };
    }
    const branch = branchOfRef(ref.startsWith('refs/') ? ref : `refs/heads/${ref}`);
    return branch === null
      ? { kind: 'ignored', message: HookMessages.NotABranchDeletion }
      : { kind: 'push', push: { ...repository, branch, deleted: true } };
  },
};

export const GITLAB: HookProvider = {
  id: 'gitlab',
  label: 'GitLab',
  secretVariable: 'GITLAB_WEBHOOK_TOKEN',
  secret: (hooks) => hooks.gitlabToken,
  // GitLab sends the configured secret token itself (no HMAC); compared in constant time.
  verify: (secret, _raw, headers) => {
    const token = header(headers, 'x-gitlab-token');
    return !!secret && token !== undefined && safeEqual(token, secret);
  },
  unauthorized: 'Invalid or missing X-Gitlab-Token',
  deliveryHeader: 'x-gitlab-event-uuid',
  read(headers, raw) {
    const event = eventOf(headers, 'x-gitlab-event', 'X-Gitlab-Event');
    if (event !== 'Push Hook') {
      return { kind: 'ignored', message: eventLabel(event) };
    }
    const payload = decodePayload(raw, header(headers, 'content-type'));
    const repository = repositoryOf(payload, {
      object: 'project',
      fullName: 'path_with_namespace',
      url: 'web_url',
    });
    const ref = requiredString(payload, 'ref', 'body/');
    const branch = branchOfRef(ref);
    if (branch === null) {
      return { kind: 'ignored', message: HookMessages.NotABranchPush };
    }
    return { kind: 'push', push: { ...repository, branch, deleted: isZeroId(payload.after) } };
  },
};
