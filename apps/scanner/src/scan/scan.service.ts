import { Inject, Injectable, Logger } from '@nestjs/common';
import { BreakerState, CircuitBreaker } from '@lib/circuit-breaker';
import { BLOB_PART_BYTES, BlobStore } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { ScanJobData, Subjects } from '@lib/contracts';
import { SubscriptionsReader } from '@lib/database';
import { RepoHeadEntity } from '@lib/entities';
import { GitEngine, GitError, RemoteSpec, TreeChange } from '@lib/git';
import { EventBus } from '@lib/messaging';
import { SecretCipher } from '@lib/signing';
import { join } from 'node:path';
import { GIT_ENGINE } from './git-engine.provider';
import { diffAgainstListing, dropOversized } from './listing-diff';
import { RepoStateRepository } from './repo-state.repository';

/** Small blobs are stored this many (or this many bytes) per transaction. */
const BLOB_BATCH_COUNT = 500;
const BLOB_BATCH_BYTES = 8 * 1024 * 1024;

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
  /** One git operation per local cache at a time (two branches of a repository share its cache). */
  private readonly cacheLocks = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(GIT_ENGINE) private readonly git: GitEngine,
    private readonly state: RepoStateRepository,
    private readonly subscriptions: SubscriptionsReader,
    private readonly blobs: BlobStore,
    private readonly events: EventBus,
    private readonly cipher: SecretCipher,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {
    this.breaker = new CircuitBreaker(config.breaker);
  }

  async check(job: ScanJobData): Promise<void> {
    const repository = await this.subscriptions.repository(job.repository_id);
    const watchers = repository ? await this.subscriptions.forBranch(job.repository_id, job.branch) : [];
    if (!repository || !watchers.length) {
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
      await this.withCacheLock(cacheDir, () => this.sync(job, head, breaker, cacheDir, remote));
    } catch (e) {
      if (!(e instanceof GitError)) {
        throw e;
      } // database/blob-store trouble is not the repository's fault
      await this.recordGitFailure(job, breaker, e);
    }
  }

  private async sync(
    job: ScanJobData,
    head: RepoHeadEntity,
    breaker: BreakerState,
    cacheDir: string,
    remote: RemoteSpec,
  ): Promise<void> {
    const closed = this.breaker.onSuccess(breaker).state;
    const started = Date.now();
    const remoteHead = await this.git.resolveRemoteHead(remote, job.branch);
    if (!remoteHead) {
      throw new GitError('GIT_NOT_FOUND', `branch ${job.branch} not found`);
    }
    if (remoteHead === head.commit_sha) {
      await this.state.markChecked(job.repository_id, job.branch, closed);
      return;
    }
    const checkedMs = Date.now() - started;
    const fetched = await this.git.fetch(cacheDir, remote, job.branch);
    const fetchedMs = Date.now() - started;
    let changes: TreeChange[];
    const stored = head.commit_sha ? await this.state.listing(job.repository_id, job.branch) : [];
    if (head.commit_sha && (await this.git.hasCommit(cacheDir, head.commit_sha))) {
      changes = await this.git.diffCommits(cacheDir, head.commit_sha, fetched);
    } else {
      changes = diffAgainstListing(await this.git.diffCommits(cacheDir, null, fetched), stored);
    }
    const known = new Set(stored.map((s) => s.path));
    const { kept, skipped } = dropOversized(
      changes,
      this.config.git.maxFileSizeBytes,
      (p) => known.has(p) || !head.commit_sha,
    );
    if (skipped.length) {
      this.logger.warn(
        `${job.repository_id}: skipped ${skipped.length} file(s) above MAX_FILE_SIZE_BYTES: ${skipped.slice(0, 5).join(', ')}`,
      );
    }
    const diffedMs = Date.now() - started;
    await this.storeBlobs(cacheDir, kept);
    const storedMs = Date.now() - started;
    const scanId = await this.state.recordMove({
      repositoryId: job.repository_id,
      branch: job.branch,
      fromCommit: head.commit_sha,
      toCommit: fetched,
      changes: kept,
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
      `${job.repository_id}@${job.branch}: ${head.commit_sha?.slice(0, 7) ?? '∅'} → ${fetched.slice(0, 7)}, ${kept.length} change(s) ` +
        // Cumulative milliseconds at the end of each step: where a slow scan spends its time.
        `in ${Date.now() - started} ms (ls-refs ${checkedMs}, fetch ${fetchedMs}, diff ${diffedMs}, blobs ${storedMs})`,
    );
  }

  /**
   * New contents go to the blob store before the move is recorded, so diff and notifier never miss a blob. A blob
   * larger than one part is streamed on its own. Small ones are read a batch at a time (bounded in count and bytes,
   * the reads pipelined) and each batch is written in one transaction while the next one is read.
   */
  private async storeBlobs(cacheDir: string, changes: TreeChange[]): Promise<void> {
    const sizes = new Map<string, number | null>();
    for (const c of changes) {
      if (c.newOid) {
        sizes.set(c.newOid, c.size);
      }
    }
    const have = await this.blobs.existing([...sizes.keys()]);
    const small: string[] = [];
    for (const [oid, size] of sizes) {
      if (have.has(oid)) {
        continue;
      }
      if (size === null || size > BLOB_PART_BYTES) {
        await this.blobs.put(oid, (await this.git.readBlob(cacheDir, oid)) as AsyncIterable<Buffer>);
      } else {
        small.push(oid);
      }
    }
    let writing: Promise<void> = Promise.resolve();
    try {
      for (let i = 0; i < small.length;) {
        const batch: string[] = [];
        for (
          let bytes = 0;
          i < small.length && batch.length < BLOB_BATCH_COUNT && bytes < BLOB_BATCH_BYTES;
          i++
        ) {
          batch.push(small[i]);
          bytes += sizes.get(small[i]) ?? 0;
        }
        const data = await Promise.all(batch.map((oid) => this.readSmallBlob(cacheDir, oid)));
        await writing;
        writing = this.blobs.putMany(batch.map((oid, k) => ({ oid, data: data[k] })));
      }
    } finally {
      // Also on a read error: the batch being written must settle before the error propagates.
      await writing.catch(() => undefined);
    }
    await writing;
  }

  private async readSmallBlob(cacheDir: string, oid: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of (await this.git.readBlob(cacheDir, oid)) as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
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

  private async withCacheLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.cacheLocks.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    this.cacheLocks.set(key, run);
    try {
      return await run;
    } finally {
      if (this.cacheLocks.get(key) === run) {
        this.cacheLocks.delete(key);
      }
    }
  }
}
