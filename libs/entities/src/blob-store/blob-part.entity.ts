import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BlobEntity } from './blob.entity';

/** Owner: blob store. Contents in parts so neither writer nor reader holds a whole large file at once. */
@Entity('blob_parts')
export class BlobPartEntity {
  @PrimaryColumn({ type: 'char', length: 40 }) oid: string;
  @ManyToOne(() => BlobEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'oid' }) blob?: BlobEntity;
  @PrimaryColumn({ type: 'int' }) part: number;
  @Column({ type: 'bytea' }) data: Buffer;
}
