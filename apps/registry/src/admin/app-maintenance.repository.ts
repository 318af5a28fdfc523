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
