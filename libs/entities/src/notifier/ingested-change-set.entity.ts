import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Owner: notifier. Change sets already turned into deliveries (reconciliation finds the others). */
@Entity('ingested_change_sets')
export class IngestedChangeSetEntity {
  @PrimaryColumn({ type: 'bigint' }) change_set_id: string;
  @CreateDateColumn({ type: 'timestamptz' }) ingested_at: Date;
}
