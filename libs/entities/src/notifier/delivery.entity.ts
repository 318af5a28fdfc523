import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  /** Nothing to send (e.g. a delete for a file the app never received). */
  Skipped = 'skipped',
  Failed = 'failed',
}

export type DeliveryEvent = 'create' | 'update' | 'delete' | 'sync_failed';

/** Owner: notifier. One logical webhook (a file event, or a sync_failed alert); delivery_id is the webhook-id. */
@Entity('deliveries')
@Index('uq_deliveries_item', ['change_set_id', 'ordinal'], { unique: true })
@Index('ix_deliveries_lane_pending', ['app_id', 'repository_id', 'seq'], { where: `status = 'pending'` })
// A failed delivery blocks its lane: found without scanning the lane.
@Index('ix_deliveries_lane_failed', ['app_id', 'repository_id'], { where: `status = 'failed'` })
// The delivery log's filters: by app, repository, status, and time range.
@Index('ix_deliveries_app_created', ['app_id', 'created_at'])
@Index('ix_deliveries_repository_created', ['repository_id', 'created_at'])
@Index('ix_deliveries_status_created', ['status', 'created_at'])
@Index('ix_deliveries_created', ['created_at'])
export class DeliveryEntity {
  @PrimaryColumn({ type: 'uuid' }) delivery_id: string;
  /** Global order; per lane the send order (change sets in commit order, items in ordinal order). */
  @Column({ type: 'bigint', generated: 'increment' }) seq: string;
  @Column({ type: 'varchar', length: 28 }) app_id: string;
  @Column({ type: 'varchar', length: 29 }) repository_id: string;
  @Column({ type: 'bigint', nullable: true }) change_set_id: string | null;
  @Column({ type: 'int', nullable: true }) ordinal: number | null;
  @Column({ type: 'varchar', length: 12 }) event: DeliveryEvent;
  @Column({ type: 'text', collation: 'C', nullable: true }) path: string | null;
  @Column({ type: 'char', length: 40, nullable: true }) blob_oid: string | null;
  @Column({ type: 'char', length: 40, nullable: true }) commit_sha: string | null;
  /** Pre-built body for events that are not files (sync_failed). */
  @Column({ type: 'text', nullable: true }) payload: string | null;
  @Column({ type: 'varchar', length: 10, default: DeliveryStatus.Pending }) status: DeliveryStatus;
  /** Send even if the app already acknowledged these bytes (resync). */
  @Column({ type: 'boolean', default: false }) force: boolean;
  /** Attempts of the message being sent (the next chunk's count starts again at 0); every try is in delivery_attempts. */
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** Stable across retries so receivers can reassemble chunks sent again. */
  @Column({ type: 'uuid' }) chunk_id: string;
  @Column({ type: 'int', default: 0 }) chunks_acked: number;
  /** Body timestamp, fixed at creation so a retry sends the same bytes. */
  @Column({ type: 'timestamptz' }) payload_timestamp: Date;
  @Column({ type: 'int', nullable: true }) last_status_code: number | null;
  @Column({ type: 'text', nullable: true }) last_error: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) delivered_at: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) last_attempt_at: Date | null;
  /** When the next retry is due (null: not scheduled: delivered, failed, or waiting for its turn). */
  @Column({ type: 'timestamptz', nullable: true }) next_attempt_at: Date | null;
  /**
   * What was sent, recorded when the delivery completed (null: nothing sent yet, or sent before this was kept):
   * the event (create vs update follows what the app held, so it may differ from `event`), `file.sha` and
   * `previous_sha`. With payload_timestamp, commit_sha, the blob and chunk_id they rebuild the bytes exactly.
   */
  @Column({ type: 'varchar', length: 12, nullable: true }) sent_event: DeliveryEvent | null;
  @Column({ type: 'char', length: 64, nullable: true }) sent_sha: string | null;
  @Column({ type: 'char', length: 64, nullable: true }) sent_previous_sha: string | null;
  /**
   * Pending again because it was redelivered: the recorded message is sent as it was, acknowledged_files is left
   * alone, and a failure neither blocks the lane nor fails the subscription.
   */
  @Column({ type: 'boolean', default: false }) redelivery: boolean;
  /** X-Docora-Attempt numbers used before the current run; the retry schedule counts from here. */
  @Column({ type: 'int', default: 0 }) attempt_offset: number;
}
