import { Module } from '@nestjs/common';
import { BlobStore } from './blob-store';

@Module({ providers: [BlobStore], exports: [BlobStore] })
export class BlobStoreModule {}
