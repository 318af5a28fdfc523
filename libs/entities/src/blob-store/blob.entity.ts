import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Owner: blob store (written by the scanner, read by the notifier). Content-addressed by git blob id. No SHA-256
 * here: it is computed only for files actually delivered, from the bytes sent.
 */
@Entity('blobs')
export class BlobEntity {
  @PrimaryColumn({ type: 'char', length: 40 }) oid: string;
  @Column({ type: 'bigint' }) size: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  /** Set when garbage collection found nothing referencing the blob; deleted a grace period later if still so. */
  @Column({ type: 'timestamptz', nullable: true }) orphaned_at: Date | null;
}
