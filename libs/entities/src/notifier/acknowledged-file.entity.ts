import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Owner: notifier. What an app has acknowledged (2xx) per path: the source of `previous_sha` and delete `sha`. */
@Entity('acknowledged_files')
export class AcknowledgedFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'text', collation: 'C' }) path: string;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'char', length: 40 }) blob_oid: string;
  @Column({ type: 'char', length: 40 }) commit_sha: string;
  @UpdateDateColumn({ type: 'timestamptz' }) acknowledged_at: Date;
}
