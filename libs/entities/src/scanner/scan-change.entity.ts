import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ScanEntity } from './scan.entity';

/** Owner: scanner. The changed paths of one scan (lets diff work in O(changed)). */
@Entity('scan_changes')
export class ScanChangeEntity {
  @PrimaryColumn({ type: 'bigint' }) scan_id: string;
  @ManyToOne(() => ScanEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'scan_id' }) scan?: ScanEntity;
  @PrimaryColumn({ type: 'text', collation: 'C' }) path: string;
  @Column({ type: 'varchar', length: 8 }) status: 'added' | 'modified' | 'deleted';
  @Column({ type: 'char', length: 40, nullable: true }) new_oid: string | null;
}
