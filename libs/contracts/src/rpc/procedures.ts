import type { OnboardAppRequest, OnboardAppResponse } from './onboard-app';
import type { RegisterRepositoryRequest, RepositoryRegistration } from './register-repository';
import { AdminActionProcedureMap, AdminActionProcedures } from './admin-actions';
import { AdminProcedureMap, AdminProcedures } from './admin-procedures';
import { BulkOperationProcedureMap, BulkOperationProcedures } from './bulk-operations';
import { DeliveryProcedureMap, DeliveryProcedures } from './delivery-procedures';
import { PushHookProcedureMap, PushHookProcedures } from './push-hook-procedures';
import { SubscriptionProcedureMap, SubscriptionProcedures } from './subscription-procedures';

/**
 * Request/reply procedures. Each feature declares its own `*Procedures` object and `*ProcedureMap` in its own
 * file; this file only merges them.
 * WARNING: subject names are durable; renaming one breaks rolling upgrades between gateway and registry.
 */
export const RegistryProcedures = {
  OnboardApp: 'registry.apps.onboard.v1',
  RegisterRepository: 'registry.repositories.register.v1',
} as const;

export interface RegistryProcedureMap {
  [RegistryProcedures.OnboardApp]: { request: OnboardAppRequest; response: OnboardAppResponse };
  [RegistryProcedures.RegisterRepository]: {
    request: RegisterRepositoryRequest;
    response: RepositoryRegistration;
  };
}

export const Procedures = {
  ...RegistryProcedures,
  ...SubscriptionProcedures,
  ...AdminProcedures,
  ...AdminActionProcedures,
  ...BulkOperationProcedures,
  ...DeliveryProcedures,
  ...PushHookProcedures,
} as const;

export type ProcedureMap = RegistryProcedureMap &
  SubscriptionProcedureMap &
  AdminProcedureMap &
  AdminActionProcedureMap &
  BulkOperationProcedureMap &
  DeliveryProcedureMap &
  PushHookProcedureMap;

export type Procedure = keyof ProcedureMap;

/**
 * The service that answers a procedure: the first segment of its name (`registry.…` by the registry, the owner of
 * apps, repositories and subscriptions; `notifier.…` by the notifier, the owner of delivery state). It is the
 * NATS queue group, so each request reaches one replica of that service.
 */
export function procedureOwner(procedure: Procedure): string {
  return procedure.slice(0, procedure.indexOf('.'));
}

export type RequestOf<P extends Procedure> = ProcedureMap[P]['request'];
export type ResponseOf<P extends Procedure> = ProcedureMap[P]['response'];
