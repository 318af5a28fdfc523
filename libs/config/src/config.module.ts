import { Global, Module } from '@nestjs/common';
import { DocoraConfig } from './docora-config';
import { loadConfig } from './load-config';

/** Injection token for the validated configuration. */
export const DOCORA_CONFIG = Symbol('DOCORA_CONFIG');

@Global()
@Module({
  providers: [{ provide: DOCORA_CONFIG, useFactory: (): DocoraConfig => loadConfig() }],
  exports: [DOCORA_CONFIG],
})
export class ConfigModule {}
