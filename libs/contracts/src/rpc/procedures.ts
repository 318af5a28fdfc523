import type { OnboardAppRequest, OnboardAppResponse } from './onboard-app';
import type { RegisterRepositoryRequest, RepositoryRegistration } from './register-repository';

// WARNING: request/reply subject names; renaming one breaks rolling upgrades between gateway and registry.
export const Procedures = {
  OnboardApp: 'registry.apps.onboard.v1',
  RegisterRepository: 'registry.repositories.register.v1',
} as const;

export type Procedure = (typeof Procedures)[keyof typeof Procedures];

/** Which service answers each procedure (its NATS queue group). */
export const ProcedureOwners: { [P in Procedure]: 'registry' } = {
  [Procedures.OnboardApp]: 'registry',
  [Procedures.RegisterRepository]: 'registry',
};

export interface ProcedureMap {
  [Procedures.OnboardApp]: { request: OnboardAppRequest; response: OnboardAppResponse };
  [Procedures.RegisterRepository]: { request: RegisterRepositoryRequest; response: RepositoryRegistration };
}

export type RequestOf<P extends Procedure> = ProcedureMap[P]['request'];
export type ResponseOf<P extends Procedure> = ProcedureMap[P]['response'];
