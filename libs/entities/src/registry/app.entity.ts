import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Owner: registry. A client app onboarded by an admin. */
@Entity('apps')
export class AppEntity {
  @PrimaryColumn({ type: 'varchar', length: 28 }) app_id: string;
  /** SHA-256 of the bearer token: one indexed lookup per request (v1 bcrypt-compared every app). */
  @Index('uq_apps_token_digest', { unique: true }) @Column({ type: 'char', length: 64 }) token_digest: string;
  @Column({ type: 'varchar', length: 100 }) app_name: string;
  @Column({ type: 'varchar', length: 2048 }) base_url: string;
  @Column({ type: 'varchar', length: 255 }) email: string;
  @Column({ type: 'varchar', length: 2048, nullable: true }) website: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) description: string | null;
  /** AES-256-GCM with key id (SecretCipher); never returned by any API. */
  @Column({ type: 'text' }) client_auth_key_encrypted: string;
  /** The key replaced by the last rotation: it still signs (after the current one) until previous_key_expires_at. */
  @Column({ type: 'text', nullable: true }) previous_client_auth_key_encrypted: string | null;
  @Column({ type: 'timestamptz', nullable: true }) previous_key_expires_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updated_at: Date;
}
