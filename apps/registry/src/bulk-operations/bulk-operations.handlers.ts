import { Injectable, OnModuleInit } from '@nestjs/common';
import { Procedures } from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { BulkOperationsService } from './bulk-operations.service';

/** Request/reply handlers that start admin bulk operations (BulkOperationProcedures). */
@Injectable()
export class BulkOperationsHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly bulk: BulkOperationsService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.BulkRetryApp, (req) => this.bulk.retryApp(req.app_id));
    this.rpc.handle(Procedures.BulkRetryAll, () => this.bulk.retryAll());
    this.rpc.handle(Procedures.BulkResyncApp, (req) => this.bulk.resyncApp(req.app_id));
  }
}
