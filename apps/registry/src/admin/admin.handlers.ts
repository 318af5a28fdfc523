import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppError, ErrorCode, Procedures, RotateClientKeyBody, UpdateAppBody } from '@lib/contracts';
import { RpcServer } from '@lib/messaging';
import { isAppIdFormat } from '@lib/signing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppMaintenanceService } from './app-maintenance.service';

/** The registry trusts no caller, not even the gateway: ids and bodies are checked again here. */
export function validatedPatch(input: unknown): UpdateAppBody {
  return validated(UpdateAppBody, input);
}

function validated<T extends object>(cls: new () => T, input: unknown): T {
  const value = plainToInstance(cls, input ?? {});
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length) {
    const details = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => `body/${e.property} ${m}`),
    );
    throw new AppError(ErrorCode.ValidationFailed, details.join(', '), details);
  }
  return value;
}

function appId(id: unknown): string {
  if (!isAppIdFormat(id)) {
    throw new AppError(ErrorCode.NotFound, 'App not found');
  }
  return id;
}

/** Request/reply handlers of the admin's app maintenance (AdminProcedures). */
@Injectable()
export class AdminHandlers implements OnModuleInit {
  constructor(
    private readonly rpc: RpcServer,
    private readonly maintenance: AppMaintenanceService,
  ) {}

  onModuleInit(): void {
    this.rpc.handle(Procedures.RotateAppToken, (req) => this.maintenance.rotateToken(appId(req.app_id)));
    this.rpc.handle(Procedures.UpdateApp, ({ app_id, ...patch }) =>
      this.maintenance.update(appId(app_id), validatedPatch(patch)),
    );
    this.rpc.handle(Procedures.RotateClientKey, ({ app_id, ...body }) =>
      this.maintenance.rotateClientKey(appId(app_id), validated(RotateClientKeyBody, body)),
    );
  }
}
