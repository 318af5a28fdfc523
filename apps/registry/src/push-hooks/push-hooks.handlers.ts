import { Injectable, OnModuleInit } from '@nestjs/common';
import { Procedures, PushHookRequest } from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { validated } from '../registry.handlers';
import { PushHooksService } from './push-hooks.service';

@Injectable()
export class PushHooksHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly hooks: PushHooksService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.PushReceived, (req) => this.hooks.onPush(validated(PushHookRequest, req)));
  }
}
