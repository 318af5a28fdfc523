import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppEntity } from '@lib/entities';
import { DataSource } from 'typeorm';

/** Read-only view of the registry's `apps` for the gateway (auth) and the notifier (endpoint, key). */
@Injectable()
export class AppsReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByTokenDigest(digest: string): Promise<AppEntity | null> {
    return this.ds.getRepository(AppEntity).findOne({ where: { token_digest: digest } });
  }

  findById(appId: string): Promise<AppEntity | null> {
    return this.ds.getRepository(AppEntity).findOne({ where: { app_id: appId } });
  }
}
