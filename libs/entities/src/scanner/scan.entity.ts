import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Owner: scanner. One observed move of a branch from one commit to another; read by diff. */
@Entity('scans')
@Index('ix_scans_repository_branch', ['repository_id', 'branch'])
export class ScanEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) scan_id: string;
  @Column({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'varchar', length: 255 }) branch: string;
  @Column({ type: 'char', length: 40, nullable: true }) from_commit: string | null;
  @Column({ type: 'char', length: 40 }) to_commit: string;
  @Column({ type: 'int' }) changed_files: number;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}
