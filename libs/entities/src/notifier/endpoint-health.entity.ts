import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type EndpointPauseReason = 'admin' | 'gone';

/**
 * Owner: notifier. Per app: the endpoint circuit breaker (SPEC §4.3, separate from the git one) and whether its
 * deliveries are paused (by an admin, or by a `410 Gone`) until an admin resumes them. No row = healthy.
 */
@Entity('endpoint_health')
export class EndpointHealthEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @Column({ type: 'int', default: 0 }) consecutive_failures: number;
  /** When the current outage began (null: closed). */
  @Column({ type: 'timestamptz', nullable: true }) opened_at: Date | null;
  /** Open until then; while probing, the probe's lease. null: closed. */
  @Column({ type: 'timestamptz', nullable: true }) open_until: Date | null;
  @Column({ type: 'boolean', default: false }) probing: boolean;
  @Column({ type: 'boolean', default: false }) paused: boolean;
  @Column({ type: 'varchar', length: 8, nullable: true }) paused_reason: EndpointPauseReason | null;
  @Column({ type: 'timestamptz', nullable: true }) paused_at: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at: Date;
}
