import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppDeliveriesState, AppError, ErrorCode, Procedures } from '@lib/contracts';
import { AppsReader } from '@lib/database';
import { RpcServer } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { DispatcherService } from '../dispatch/dispatcher.service';
import { EndpointHealthRepository, PauseState } from './endpoint-health.repository';

function view(s: PauseState): AppDeliveriesState {
  return {
    app_id: s.app_id,
    paused: s.paused,
    paused_reason: s.paused_reason,
    paused_at: s.paused_at ? new Date(s.paused_at).toISOString() : null,
    queued_deliveries: s.queued_deliveries,
  };
}

/**
 * Admin pause / resume of an app's deliveries (SPEC §3). The notifier owns delivery state, so it answers these
 * procedures itself (request/reply: the admin sees the state that now holds, and an unknown app is a 404), rather
 * than the registry relaying them as events. Events keep being ingested while paused; nothing is dropped.
 */
@Injectable()
export class DeliveriesPauseHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly apps: AppsReader,
    private readonly health: EndpointHealthRepository,
    private readonly dispatcher: DispatcherService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.PauseAppDeliveries, async ({ app_id }) =>
      view(await this.health.pause(await this.known(app_id))),
    );
    this.rpc.handle(Procedures.ResumeAppDeliveries, async ({ app_id }) => {
      const state = await this.health.resume(await this.known(app_id));
      this.dispatcher.kick();
      return view(state);
    });
  }

  private async known(appId: unknown): Promise<string> {
    if (typeof appId !== 'string' || !isAppIdFormat(appId) || !(await this.apps.findById(appId))) {
      throw new AppError(ErrorCode.NotFound, 'App not found');
    }
    return appId;
  }
}
