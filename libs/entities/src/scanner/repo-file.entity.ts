import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Owner: scanner. The current file listing of a repository branch, kept up to date incrementally. */
@Entity('repo_files')
export class RepoFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) branch: string;
  /** "C" collation: byte order of the UTF-8 path, the delivery order of SPEC §4.1. */
  @PrimaryColumn({ type: 'text', collation: 'C' }) path: string;
  @Column({ type: 'char', length: 40 }) blob_oid: string;
  @Column({ type: 'bigint' }) size: string;
  @Column({ type: 'char', length: 6 }) mode: string;
}
