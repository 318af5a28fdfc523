import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { AppError, ErrorCode, Procedures } from '@lib/contracts';
import { RpcClient } from '@lib/messaging';
import type { IncomingHttpHeaders } from 'node:http';
import { header, HookMessages } from './hook-payload';
import { HookProvider } from './hook-providers';

export interface HookAnswer {
  status: 200 | 202;
  body: { result: 'pong' | 'queued' | 'ignored'; message: string; repository_id?: string; branch?: string };
}

const DELIVERY_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Inbound push hooks (SPEC §5), stateless: 404 when the provider's secret is not configured, 401 unless the
 * signature (or token) matches, then the payload is read (400/415 when malformed) and the registry decides
 * whether a watched branch gets a check. Verification comes first, so an unauthenticated sender learns nothing
 * about payload rules. Secrets and signature values are never logged or echoed.
 */
@Injectable()
export class PushHooksService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  async receive(provider: HookProvider, headers: IncomingHttpHeaders, raw: Buffer): Promise<HookAnswer> {
    const secret = provider.secret(this.config.hooks);
    if (!secret) {
      throw new AppError(
        ErrorCode.NotFound,
        `${provider.label} push hooks are not enabled (set ${provider.secretVariable})`,
      );
    }
    if (!provider.verify(secret, raw, headers)) {
      throw new AppError(ErrorCode.Unauthorized, provider.unauthorized);
    }
    const outcome = provider.read(headers, raw);
    switch (outcome.kind) {
      case 'ping':
        return { status: 200, body: { result: 'pong', message: HookMessages.Pong } };
      case 'ignored':
        return { status: 202, body: { result: 'ignored', message: outcome.message } };
      case 'push': {
        const delivery = header(headers, provider.deliveryHeader);
        const result = await this.rpc.call(Procedures.PushReceived, {
          ...outcome.push,
          provider: provider.id,
          ...(delivery && DELIVERY_ID.test(delivery) ? { delivery_id: delivery } : {}),
        });
        return { status: 202, body: result };
      }
    }
  }
}
