import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppError, ErrorCode, OnboardAppRequest, Procedures, RegisterRepositoryBody } from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppsService } from './onboarding/apps.service';
import { RegistrationService } from './repositories/registration.service';

/** Requests are validated again here: the registry trusts no caller, not even the gateway. */
function validated<T extends object>(cls: new () => T, input: unknown): T {
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
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.OnboardApp, (req) => this.apps.onboard(validated(OnboardAppRequest, req)));
    this.rpc.handle(Procedures.RegisterRepository, (req) =>
      this.registration.register({ ...validated(RegisterRepositoryBody, req), app_id: req.app_id }),
    );
  }
}
