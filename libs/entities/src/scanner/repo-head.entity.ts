import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Owner: scanner. What the scanner last saw of a repository branch, and its git circuit breaker. */
@Entity('repo_heads')
export class RepoHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) branch: string;
  /** Commit whose tree repo_files describes; null until the first successful fetch. */
  @Column({ type: 'char', length: 40, nullable: true }) commit_sha: string | null;
  @Column({ type: 'timestamptz', nullable: true }) checked_at: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) changed_at: Date | null;
  @Column({ type: 'int', default: 0 }) consecutive_failures: number;
  @Column({ type: 'timestamptz', nullable: true }) circuit_opened_at: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) circuit_open_until: Date | null;
  @Column({ type: 'boolean', default: false }) circuit_probing: boolean;
  /** Redacted git error of the last failure. */
  @Column({ type: 'text', nullable: true }) last_error: string | null;
}
