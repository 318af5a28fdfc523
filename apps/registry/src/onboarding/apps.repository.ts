import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppEntity } from '@lib/entities';
import { DataSource } from 'typeorm';

/** Registry's writer for `apps`. */
@Injectable()
export class AppsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(app: Omit<AppEntity, 'created_at' | 'updated_at'>): Promise<AppEntity> {
    const repo = this.ds.getRepository(AppEntity);
    await repo.insert(app);
    return repo.findOneByOrFail({ app_id: app.app_id });
  }

  exists(appId: string): Promise<boolean> {
    return this.ds.getRepository(AppEntity).existsBy({ app_id: appId });
  }
}
