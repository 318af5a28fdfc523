import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createGitEngine } from '@lib/git';
import { waitUntil } from '@lib/testing';
import type { Watched } from './main-env.scenarios';
import type { EngineName } from './options';
import { median } from './stats';

/**
 * Direct: what the scanner does for a no-change check, in this process: the engine's remote head lookup (one
 * ls-refs) and the "checked at" UPDATE. End to end: POST /sync → the scanner's checked_at write (its own clock).
 */
export async function noChange(
  engine: EngineName,
  w: Watched,
  fullName: string,
  samples: number,
): Promise<Record<string, unknown>> {
  const git = createGitEngine(engine);
  const remote = { url: `${w.env.github.url}/${fullName}.git` };
  const expected = await w.repo.head();
  const pg = new Client({ connectionString: w.env.db.url });
  await pg.connect();
  const direct: number[] = [];
  const serverMs: number[] = [];
  const firstRequest = w.env.github.requests.length;
  try {
    await git.resolveRemoteHead(remote, 'main'); // warm-up: module loading, first connection
    for (let i = 0; i < samples; i++) {
      const first = w.env.github.requests.length;
      const t0 = performance.now();
      const head = await git.resolveRemoteHead(remote, 'main');
      if (head !== expected) {
        throw new Error(`no-change check saw ${head}, expected ${expected}`);
      }
      // Same statement as RepoStateRepository.markChecked with a closed circuit.
      await pg.query(
        `UPDATE repo_heads SET checked_at = now(), consecutive_failures = 0, circuit_opened_at = NULL, circuit_open_until = NULL,
           circuit_probing = false, last_error = NULL WHERE repository_id = $1 AND branch = $2`,
        [w.repositoryId, 'main'],
      );
      direct.push(performance.now() - t0);
      // The fake GitHub's own share (it runs `git http-backend`, i.e. a few processes, per request).
      serverMs.push(w.env.github.requests.slice(first).reduce((sum, r) => sum + (r.ms ?? 0), 0));
    }
  } finally {
    await pg.end();
  }
  const directRequests = w.env.github.requests.slice(firstRequest);

  const e2e: number[] = [];
  const e2eFirst = w.env.github.requests.length;
  const checkedAt = async () =>
    (
      (
        await w.env.query<{ checked_at: Date }>(
          'SELECT checked_at FROM repo_heads WHERE repository_id = $1',
          [w.repositoryId],
        )
      )[0]?.checked_at ?? new Date(0)
    ).getTime();
  for (let i = 0; i < samples; i++) {
    const before = await checkedAt();
    const t0 = Date.now();
    await w.trigger.fire({
      fullName,
      before: expected,
      after: expected as string,
      repositoryId: w.repositoryId,
      appToken: w.app.token,
    });
    let at = before;
    await waitUntil(async () => (at = await checkedAt()) > before, { timeoutMs: 30_000, intervalMs: 5 });
    e2e.push(at - t0);
  }
  const e2eRequests = w.env.github.requests.slice(e2eFirst);
  const count = (reqs: typeof e2eRequests, pred: (r: (typeof e2eRequests)[number]) => boolean) =>
    reqs.filter(pred).length;
  const isFetch = (r: (typeof e2eRequests)[number]) =>
    r.gitCommand === 'fetch' || r.gitCommand === 'upload-pack';
  return {
    no_change_check_ms: median(direct),
    no_change_check_server_ms: median(serverMs),
    no_change_check_e2e_ms: median(e2e),
    no_change_check_samples: samples,
    no_change_check_http_requests_per_check: directRequests.length / (samples + 1),
    no_change_check_fetches: count(directRequests, isFetch) + count(e2eRequests, isFetch),
    no_change_check_api_calls:
      count(directRequests, (r) => r.kind === 'api') + count(e2eRequests, (r) => r.kind === 'api'),
    no_change_check_ls_refs_e2e: count(e2eRequests, (r) => r.gitCommand === 'ls-refs'),
  };
}
