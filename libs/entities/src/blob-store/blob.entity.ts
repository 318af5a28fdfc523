import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Owner: blob store (written by the scanner, read by the notifier). Content-addressed by git blob id. */
@Entity('blobs')
export class BlobEntity {
  @PrimaryColumn({ type: 'char', length: 40 }) oid: string;
  @Column({ type: 'bigint' }) size: string;
  /** SHA-256 of the bytes: the `sha` of webhook payloads. */
  @Column({ type: 'char', length: 64 }) sha256: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}
