import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Owner: diff. The files an app will hold once every change set planned so far is delivered. */
@Entity('planned_files')
export class PlannedFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @PrimaryColumn({ type: 'text', collation: 'C' }) path: string;
  @Column({ type: 'char', length: 40 }) blob_oid: string;
}
