import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Owner: registry. The scheduler's row per (repository, branch): N subscribers, one check. */
@Entity('watched_branches')
export class WatchedBranchEntity {
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) branch: string;
  @Index('ix_watched_branches_due')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  next_check_at: Date;
}
