import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Owner: registry. A GitHub repository watched by at least one app. */
@Entity('repositories')
export class RepositoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'varchar', length: 255 }) owner: string;
  @Column({ type: 'varchar', length: 255 }) name: string;
  /** lower-cased `owner/name`: GitHub identity is case-insensitive (v1 compared URLs byte for byte). */
  @Index('uq_repositories_identity', { unique: true })
  @Column({ type: 'varchar', length: 511 })
  identity: string;
  /** Canonical `GITHUB_URL/<owner>/<name>` as GitHub spells it. */
  @Column({ type: 'varchar', length: 2048 }) github_url: string;
  @Column({ type: 'boolean', default: false }) is_private: boolean;
  @Column({ type: 'varchar', length: 255 }) default_branch: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at: Date;
}
