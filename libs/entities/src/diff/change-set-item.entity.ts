import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ChangeSetEntity } from './change-set.entity';

export type ChangeAction = 'create' | 'update' | 'delete';

/** Owner: diff. One file event of a change set; ordinal follows SPEC §4.1 (deletes, creates, updates; by path). */
@Entity('change_set_items')
export class ChangeSetItemEntity {
  @PrimaryColumn({ type: 'bigint' }) change_set_id: string;
  @ManyToOne(() => ChangeSetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'change_set_id' })
  changeSet?: ChangeSetEntity;
  @PrimaryColumn({ type: 'int' }) ordinal: number;
  @Column({ type: 'varchar', length: 6 }) action: ChangeAction;
  @Column({ type: 'text', collation: 'C' }) path: string;
  /** New blob for create/update; null for delete. */
  @Column({ type: 'char', length: 40, nullable: true }) blob_oid: string | null;
}
