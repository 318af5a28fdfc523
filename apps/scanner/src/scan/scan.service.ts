import { Inject, Injectable, Logger } from '@nestjs/common';
import { BreakerState, CircuitBreaker } from '@lib/circuit-breaker';
import { BlobStore } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { ScanJobData, Subjects } from '@lib/contracts';
import { SubscriptionsReader } from '@lib/database';
import { RepoHeadEntity } from '@lib/entities';
import { GitEngine, GitError, RemoteSpec, TreeChange } from '@lib/git';
import { EventBus } from '@lib/messaging';
import { SecretCipher } from '@lib/signing';
import { join } from 'node:path';
import { GIT_ENGINE } from './git-engine.provider';
import { blobSources } from './blob-sources';
import { diffAgainstListing, dropOversized } from './listing-diff';
import { RepoStateRepository } from './repo-state.repository';
import { RepositoryLease, RepositoryLock } from './repository-lock';

function breakerOf(h: RepoHeadEntity): BreakerState {
  return {
    consecutiveFailures: h.consecutive_failures,
    openedAt: h.circuit_opened_at,
    openUntil: h.circuit_open_until,
    probing: h.circuit_probing,
  };
}

/**
 * One check of one repository branch, whatever the number of subscribers: a ref listing; when the head moved,
 * an incremental fetch, a tree diff by object id, the new blobs into the blob store, then `repo.scanned`.
 */
@Injectable()
export class ScanService {
  private readonly logger = new Logger('Scanner');
  private readonly breaker: CircuitBreaker;

  constructor(
    @Inject(GIT_ENGINE) private readonly git: GitEngine,
    private readonly state: RepoStateRepository,
    private readonly subscriptions: SubscriptionsReader,
    private readonly blobs: BlobStore,
    private readonly events: EventBus,
    private readonly cipher: SecretCipher,
    private readonly lock: RepositoryLock,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    this.breaker = new CircuitBreaker(config.breaker);
  }

  async check(job: ScanJobData): Promise<void> {
    const repository = await this.subscriptions.repository(job.repository_id);
    if (!repository || !(await this.subscriptions.isWatched(job.repository_id, job.branch))) {
      return;
    } // unwatched since the job was queued
    const head = await this.state.head(job.repository_id, job.branch);
    let breaker = breakerOf(head);
    const decision = this.breaker.decide(breaker);
    if (decision === 'deny') {
      return;
    } // while open nothing touches the repository, queued jobs included
    if (decision === 'probe') {
      breaker = this.breaker.beginProbe(breaker);
    }
    const cacheDir = join(this.config.git.cacheDir, this.config.namespace, job.repository_id);
    const remote: RemoteSpec = {
      url: `${repository.github_url}.git`,
      token: await this.token(job.repository_id),
    };
    try {
      await this.sync(job, head, breaker, cacheDir, remote);
    } catch (e) {
      if (!(e instanceof GitError)) {
        throw e;
      } // database/blob-store trouble is not the repository's fault
      await this.recordGitFailure(job, breaker, e);
    }
  }

  private async sync(
    job: ScanJobData,
    checked: RepoHeadEntity,
    breaker: BreakerState,
    cacheDir: string,
    remote: RemoteSpec,
  ): Promise<void> {
    const closed = this.breaker.onSuccess(breaker).state;
    const started = Date.now();
    const remoteHead = await this.git.resolveRemoteHead(remote, job.branch);
    const timings = { started, checked: Date.now() - started };
    if (!remoteHead) {
      throw new GitError('GIT_NOT_FOUND', `branch ${job.branch} not found`);
    }
    if (remoteHead === checked.commit_sha) {
      await this.state.markChecked(job.repository_id, job.branch, closed);
      return;
    }
    // The cheap check runs unlocked; everything that touches the git cache or the listing runs under the lock.
    await this.lock.withLock(job.repository_id, async (lease) => {
      const head = await this.state.head(job.repository_id, job.branch);
      if (head.commit_sha === remoteHead) {
        return; // another scan recorded this move while this one waited for the lock
      }
      await this.move(job, head, closed, cacheDir, remote, lease, timings);
    });
  }

  /** The branch moved: fetch, diff, store new contents, record the move, tell diff. */
  private async move(
    job: ScanJobData,
    head: RepoHeadEntity,
    closed: BreakerState,
    cacheDir: string,
    remote: RemoteSpec,
    lease: RepositoryLease,
    timings: { started: number; checked: number },
  ): Promise<void> {
    const since = () => Date.now() - timings.started;
    const fetched = await this.git.fetch(cacheDir, remote, job.branch);
    const fetchedMs = since();
    let changes: TreeChange[];
    // O(changed) when the cache holds the last scanned commit; else the new tree against the stored listing.
    const incremental = !!head.commit_sha && (await this.git.hasCommit(cacheDir, head.commit_sha));
    if (incremental) {
      changes = await this.git.diffCommits(cacheDir, head.commit_sha, fetched);
    } else {
      const stored = head.commit_sha ? await this.state.listing(job.repository_id, job.branch) : [];
      changes = diffAgainstListing(await this.git.diffCommits(cacheDir, null, fetched), stored);
    }
    const diffedMs = since();
    const { kept, skipped } = dropOversized(changes, this.config.git.maxFileSizeBytes);
    if (skipped.length) {
      this.logger.warn(
        `${job.repository_id}@${job.branch}: skipped ${skipped.length} file(s) above MAX_FILE_SIZE_BYTES (${this.config.git.maxFileSizeBytes}): ${skipped
          .slice(0, 5)
          .map((f) => `${f.path} (${f.size} bytes)`)
          .join(', ')}`,
      );
    }
    await this.storeBlobs(cacheDir, kept);
    const storedMs = since();
    await lease.assertHeld();
    const scanId = await this.state.recordMove({
      repositoryId: job.repository_id,
      branch: job.branch,
      fromCommit: head.commit_sha,
      toCommit: fetched,
      changes: kept,
      skipped: { files: skipped, touched: changes.map((c) => c.path), all: !incremental },
      breaker: closed,
    });
    await this.events.publish(
      Subjects.RepoScanned,
      {
        repository_id: job.repository_id,
        branch: job.branch,
        from_commit: head.commit_sha,
        to_commit: fetched,
        scan_id: scanId,
        changed_files: kept.length,
      },
      job.correlation_id,
    );
    this.logger.log(
      // Cumulative ms at the end of each step (the benchmark reads this breakdown).
      `${job.repository_id}@${job.branch}: ${head.commit_sha?.slice(0, 7) ?? '∅'} → ${fetched.slice(0, 7)}, ${kept.length} change(s) ` +
        `in ${since()} ms (ls-refs ${timings.checked}, fetch ${fetchedMs}, diff ${diffedMs}, blobs ${storedMs})`,
    );
  }

  /**
   * New contents go to the blob store before the move is recorded, so diff and notifier never miss a blob. Blobs
   * already stored are claimed (kept from garbage collection) rather than read again.
   */
  private async storeBlobs(cacheDir: string, changes: TreeChange[]): Promise<void> {
    const sizes = new Map<string, number>();
    for (const c of changes) {
      if (c.newOid) {
        sizes.set(c.newOid, c.size ?? 0);
      }
    }
    const have = await this.blobs.claim([...sizes.keys()]);
    const missing = [...sizes].filter(([oid]) => !have.has(oid)).map(([oid, size]) => ({ oid, size }));
    const { sources, abandon } = blobSources(this.git, cacheDir, missing);
    try {
      await this.blobs.putAll(sources);
    } catch (e) {
      abandon();
      throw e;
    }
  }

  private async recordGitFailure(job: ScanJobData, breaker: BreakerState, error: GitError): Promise<void> {
    const { state, opened } = this.breaker.onFailure(breaker);
    const message = error.message;
    await this.state.saveBreaker(job.repository_id, job.branch, state, message);
    this.logger.warn(
      `${job.repository_id}@${job.branch}: git failure ${state.consecutiveFailures}/${this.config.breaker.threshold}: ${message}`,
    );
    if (opened && state.openedAt && state.openUntil) {
      await this.events.publish(
        Subjects.CircuitOpened,
        {
          repository_id: job.repository_id,
          branch: job.branch,
          consecutive_failures: state.consecutiveFailures,
          threshold: this.config.breaker.threshold,
          opened_at: state.openedAt.toISOString(),
          cooldown_until: state.openUntil.toISOString(),
          error_message: message,
          error_type: 'git_failure',
        },
        job.correlation_id,
      );
    }
  }

  /** Most recently given token that decrypts; tokens never leave this process except as a git auth header. */
  private async token(repositoryId: string): Promise<string | undefined> {
    for (const enc of await this.subscriptions.encryptedTokens(repositoryId)) {
      try {
        return this.cipher.decrypt(enc);
      } catch {
        this.logger.warn(`${repositoryId}: a stored GitHub token could not be decrypted (key rotated away?)`);
      }
    }
    return undefined;
  }
}
