import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export enum SkipReason {
  TooLarge = 'too_large',
}

/** Owner: scanner. Files of a branch's tree that are not in its listing and why (shown in subscription status). */
@Entity('repo_skipped_files')
export class RepoSkippedFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) branch: string;
  @PrimaryColumn({ type: 'text', collation: 'C' }) path: string;
  @Column({ type: 'bigint' }) size: string;
  @Column({ type: 'varchar', length: 20 }) reason: SkipReason;
  @CreateDateColumn({ type: 'timestamptz' }) skipped_at: Date;
}
