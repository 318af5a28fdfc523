import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Owner: diff. What one app must receive for one repository move; ids grow in commit order per (app, repository). */
@Entity('change_sets')
@Index('ix_change_sets_lane', ['app_id', 'repository_id', 'change_set_id'])
export class ChangeSetEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) change_set_id: string;
  @Column({ type: 'varchar', length: 28 }) app_id: string;
  @Column({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'varchar', length: 255 }) branch: string;
  @Column({ type: 'char', length: 40, nullable: true }) from_commit: string | null;
  @Column({ type: 'char', length: 40 }) to_commit: string;
  @Column({ type: 'int' }) item_count: number;
  /** A resync: every file is sent again as a create, even if the app acknowledged the same bytes. */
  @Column({ type: 'boolean', default: false }) full_resend: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}
