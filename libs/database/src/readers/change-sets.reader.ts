import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ChangeSetEntity, ChangeSetItemEntity } from '@lib/entities';
import { DataSource, EntityManager } from 'typeorm';

/** Read-only view of the diff app's change sets for the notifier. */
@Injectable()
export class ChangeSetsReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Change sets of one lane up to and including `upTo`, in commit order, that the notifier has not ingested. */
  notIngestedInLane(
    appId: string,
    repositoryId: string,
    upTo: string,
    em: EntityManager,
  ): Promise<ChangeSetEntity[]> {
    return em.query(
      `SELECT cs.* FROM change_sets cs
        WHERE cs.app_id = $1 AND cs.repository_id = $2 AND cs.change_set_id <= $3
          AND NOT EXISTS (SELECT 1 FROM ingested_change_sets i WHERE i.change_set_id = cs.change_set_id)
        ORDER BY cs.change_set_id`,
      [appId, repositoryId, upTo],
    );
  }

  /** Oldest change sets the notifier has not ingested (reconciliation after a lost event). */
  notIngested(limit: number): Promise<ChangeSetEntity[]> {
    return this.ds.query(
      `SELECT cs.* FROM change_sets cs
        WHERE NOT EXISTS (SELECT 1 FROM ingested_change_sets i WHERE i.change_set_id = cs.change_set_id)
        ORDER BY cs.change_set_id LIMIT $1`,
      [limit],
    );
  }

  byId(changeSetId: string, em: EntityManager = this.ds.manager): Promise<ChangeSetEntity | null> {
    return em.getRepository(ChangeSetEntity).findOne({ where: { change_set_id: changeSetId } });
  }

  items(changeSetId: string, em: EntityManager = this.ds.manager): Promise<ChangeSetItemEntity[]> {
    return em
      .getRepository(ChangeSetItemEntity)
      .find({ where: { change_set_id: changeSetId }, order: { ordinal: 'ASC' } });
  }
}
