import { Controller, Get, Inject } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';

/** v1 §2.2 shape, public and never rate limited. */
export interface VersionInfo {
  version: string;
  buildNumber: string;
  gitSha: string;
  buildDate: string;
}

@Controller('version')
export class VersionController {
  constructor(@Inject(DOCORA_CONFIG) private readonly config: DocoraConfig) {}

  /** package.json version; BUILD_NUMBER, COMMIT_SHA, BUILD_DATE from the build (defaults dev, local, start time). */
  @Get()
  version(): VersionInfo {
    const { version, buildNumber, gitSha, buildDate } = this.config.build;
    return { version, buildNumber, gitSha, buildDate };
  }
}
