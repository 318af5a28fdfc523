import { Injectable, OnModuleInit } from '@nestjs/common';
import { Procedures } from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { AdminActionsService } from './admin-actions.service';

@Injectable()
export class AdminActionsHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly actions: AdminActionsService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.Retry, (req) => this.actions.retry(req));
    this.rpc.handle(Procedures.Resync, (req) => this.actions.resync(req));
    this.rpc.handle(Procedures.DeleteApp, (req) => this.actions.deleteApp(req.app_id));
  }
}
