import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Owner: diff. Per (app, repository): the commit planned_files reflects. Its row lock serialises planning. */
@Entity('diff_cursors')
export class DiffCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'varchar', length: 255 }) branch: string;
  @Column({ type: 'char', length: 40, nullable: true }) planned_commit: string | null;
  /** Filters planned_files was computed with; a change means a full re-plan. */
  @Column({ type: 'jsonb', default: () => "'{}'" }) filter: { include?: string[]; exclude?: string[] };
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at: Date;
}
