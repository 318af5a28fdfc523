import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PushTarget {
  repository_id: string;
  /** Some subscription watches the pushed branch. */
  watched: boolean;
}

/** Registry's reads (and one scheduler nudge) for inbound push hooks. */
@Injectable()
export class PushHooksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The repository with this identity (lower-case `owner/name`), and whether anyone watches `branch`; or null. */
  async target(identity: string, branch: string): Promise<PushTarget | null> {
    const rows = await this.ds.query<PushTarget[]>(
      `SELECT r.repository_id,
              EXISTS (SELECT 1 FROM subscriptions s WHERE s.repository_id = r.repository_id AND s.branch = $2) AS watched
         FROM repositories r WHERE r.identity = $1`,
      [identity, branch],
    );
    return rows[0] ?? null;
  }

  /** Makes the branch due now, so the scheduler queues a check on its next tick. */
  async markDue(repositoryId: string, branch: string): Promise<void> {
    await this.ds.query(
      `UPDATE watched_branches SET next_check_at = now() WHERE repository_id = $1 AND branch = $2`,
      [repositoryId, branch],
    );
  }
}
