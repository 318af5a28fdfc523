import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DeliveryEntity, type DeliveryEvent } from './delivery.entity';

/**
 * Owner: notifier. One row per HTTP request sent for a delivery (each chunk of a chunked file is its own message,
 * with its own webhook-id and attempt numbers). app_id, repository_id and event are copied from the delivery so
 * the delivery log can filter attempts without a join.
 */
@Entity('delivery_attempts')
@Index('ix_delivery_attempts_delivery', ['delivery_id', 'attempt_id'])
@Index('ix_delivery_attempts_app_started', ['app_id', 'started_at'])
@Index('ix_delivery_attempts_repository_started', ['repository_id', 'started_at'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) attempt_id: string;
  @Column({ type: 'uuid' }) delivery_id: string;
  /** Forgetting a delivery (its subscription was removed) forgets its attempts. */
  @ManyToOne(() => DeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'FK_delivery_attempts_delivery' })
  delivery?: DeliveryEntity;
  @Column({ type: 'varchar', length: 28 }) app_id: string;
  @Column({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'varchar', length: 12 }) event: DeliveryEvent;
  /** The `X-Docora-Attempt` sent: 1 for the first try of this message, then 2, 3, ... */
  @Column({ type: 'int' }) attempt: number;
  @Column({ type: 'int', default: 0 }) chunk_index: number;
  @Column({ type: 'int', default: 1 }) chunk_total: number;
  /** The `webhook-id` sent (the delivery id, or the chunk's own id). */
  @Column({ type: 'uuid' }) webhook_id: string;
  @Column({ type: 'timestamptz' }) started_at: Date;
  @Column({ type: 'int' }) duration_ms: number;
  /** A 2xx within the timeout. */
  @Column({ type: 'boolean' }) success: boolean;
  /** null when no response arrived (refused address, connection error, timeout). */
  @Column({ type: 'int', nullable: true }) status_code: number | null;
  /** First KiB of the response body (cut on a UTF-8 character boundary). */
  @Column({ type: 'text', nullable: true }) response_excerpt: string | null;
  /** Why it failed, redacted (no credentials or query strings of URLs). */
  @Column({ type: 'text', nullable: true }) error: string | null;
}
