import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AppEntity } from './app.entity';
import { RepositoryEntity } from './repository.entity';

export enum SubscriptionStatus {
  PendingSnapshot = 'pending_snapshot',
  Scanning = 'scanning',
  Synced = 'synced',
  Failed = 'failed',
}

/** Owner: registry. An app watching one branch of a repository (v1 `app_repositories`). */
@Entity('subscriptions')
@Index('ix_subscriptions_repository_branch', ['repository_id', 'branch'])
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  @PrimaryColumn({ type: 'varchar', length: 29 }) repository_id: string;
  @ManyToOne(() => AppEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'app_id' }) app?: AppEntity;
  @ManyToOne(() => RepositoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'repository_id' })
  repository?: RepositoryEntity;
  @Column({ type: 'varchar', length: 255 }) branch: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) include: string[];
  @Column({ type: 'jsonb', default: () => "'[]'" }) exclude: string[];
  @Column({ type: 'text', nullable: true }) github_token_encrypted: string | null;
  @Column({ type: 'varchar', length: 20, default: SubscriptionStatus.PendingSnapshot })
  status: SubscriptionStatus;
  @Column({ type: 'int', default: 0 }) retry_count: number;
  @Column({ type: 'text', nullable: true }) last_error: string | null;
  @Column({ type: 'timestamptz', nullable: true }) last_scanned_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at: Date;
}
