import { Module } from '@nestjs/common';
import { BlobGarbageCollector } from './blob-gc';
import { BlobStore } from './blob-store';

@Module({ providers: [BlobStore, BlobGarbageCollector], exports: [BlobStore, BlobGarbageCollector] })
export class BlobStoreModule {}
