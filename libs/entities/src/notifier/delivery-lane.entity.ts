import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Owner: notifier. One sequential delivery lane per (app, repository). A notifier replica leases a lane (renewed
 * while it lives), so lanes run in parallel, each in order, and a crashed replica's lanes are taken over when
 * the lease lapses.
 */
@Entity('delivery_lanes')
@Index('ix_delivery_lanes_due', ['next_attempt_at'])
export class DeliveryLaneEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  /** null: nothing pending. */
  @Column({ type: 'timestamptz', nullable: true }) next_attempt_at: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lease_owner: string | null;
  @Column({ type: 'timestamptz', nullable: true }) lease_until: Date | null;
}
