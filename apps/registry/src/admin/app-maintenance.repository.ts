import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppEntity } from '@lib/entities';
import { DataSource } from 'typeorm';

export type AppChanges = Partial<
  Pick<AppEntity, 'base_url' | 'app_name' | 'email' | 'website' | 'description' | 'token_digest'>
>;

/** Registry's writer for admin changes to `apps` (onboarding inserts through AppsRepository). */
@Injectable()
export class AppMaintenanceRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Makes `encryptedKey` the signing key and keeps the replaced one signing until `previousUntil` (null: not at
   * all), in one statement so a concurrent rotation cannot lose a key. A rotation during a grace period drops the
   * oldest key: only the replaced one keeps signing.
   */
  async rotateClientKey(
    appId: string,
    encryptedKey: string,
    previousUntil: Date | null,
  ): Promise<{ app_id: string; updated_at: Date } | null> {
    // UPDATE … RETURNING through query(): the driver answers [rows, affected count].
    const [rows] = await this.ds.query<[{ app_id: string; updated_at: Date }[], number]>(
      `UPDATE apps SET previous_client_auth_key_encrypted = CASE WHEN $3::timestamptz IS NULL THEN NULL
           ELSE client_auth_key_encrypted END,
         previous_key_expires_at = $3::timestamptz, client_auth_key_encrypted = $2, updated_at = now()
       WHERE app_id = $1 RETURNING app_id, updated_at`,
      [appId, encryptedKey, previousUntil],
    );
    return rows[0] ?? null;
  }

  currentClientKey(appId: string): Promise<string | null> {
    return this.ds
      .getRepository(AppEntity)
      .findOne({ where: { app_id: appId }, select: { client_auth_key_encrypted: true } })
      .then((a) => a?.client_auth_key_encrypted ?? null);
  }

  exists(appId: string): Promise<boolean> {
    return this.ds.getRepository(AppEntity).existsBy({ app_id: appId });
  }

  /** Applies the changes in one statement; null when no such app. */
  async update(appId: string, changes: AppChanges): Promise<{ app_id: string; updated_at: Date } | null> {
    const result = await this.ds
      .createQueryBuilder()
      .update(AppEntity)
      .set(changes)
      .where('app_id = :appId', { appId })
      .returning(['app_id', 'updated_at'])
      .execute();
    const rows = result.raw as { app_id: string; updated_at: Date }[];
    return rows[0] ?? null;
  }
}
