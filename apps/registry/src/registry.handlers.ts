import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  AppError,
  ErrorCode,
  OnboardAppRequest,
  Procedures,
  RegisterRepositoryBody,
  Subjects,
  UpdateTokenBody,
} from '@lib/contracts';
import { EventConsumers, RpcServer } from '@lib/messaging';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppsService } from './onboarding/apps.service';
import { RegistrationService } from './repositories/registration.service';
import { SubscriptionsService } from './subscriptions/subscriptions.service';

/** Requests are validated again here: the registry trusts no caller, not even the gateway. */
export function validated<T extends object>(cls: new () => T, input: unknown): T {
  const value = plainToInstance(cls, input);
  const errors = validateSync(value, { whitelist: true });
  if (errors.length) {
    const details = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `body/${e.property} ${m}`),
    );
    throw new AppError(ErrorCode.ValidationFailed, details.join(', '), details);
  }
  return value;
}

@Injectable()
export class RegistryHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly apps: AppsService,
    private readonly registration: RegistrationService,
    private readonly subscriptions: SubscriptionsService,
    private readonly consumers: EventConsumers,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.OnboardApp, (req) => this.apps.onboard(validated(OnboardAppRequest, req)));
    this.rpc.handle(Procedures.RegisterRepository, (req) =>
      this.registration.register({ ...validated(RegisterRepositoryBody, req), app_id: req.app_id }),
    );
    this.rpc.handle(Procedures.Unwatch, (req) => this.subscriptions.unwatch(req));
    this.rpc.handle(Procedures.UpdateToken, (req) =>
      this.subscriptions.updateToken({
        ...validated(UpdateTokenBody, req),
        app_id: req.app_id,
        repository_id: req.repository_id,
      }),
    );
    this.rpc.handle(Procedures.SyncNow, (req) => this.subscriptions.syncNow(req));
    this.consumers.register('registry', Subjects.DeliveryFailed, (e) =>
      this.subscriptions.onDeliveryFailed(e),
    );
    this.consumers.register('registry', Subjects.DeliveryRequeued, (e) =>
      this.subscriptions.onDeliveryRequeued(e),
    );
  }
}
