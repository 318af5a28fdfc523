import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import {
  AppError,
  ErrorCode,
  Procedure,
  procedureOwner,
  RequestOf,
  ResponseOf,
  SerializedAppError,
} from '@lib/contracts';
import { Subscription } from '@nats-io/transport-node';
import { NatsConnectionProvider } from './nats-connection';

type Reply = { ok: true; result: unknown } | { ok: false; error: SerializedAppError };
export type RpcHandler<P extends Procedure> = (request: RequestOf<P>) => Promise<ResponseOf<P>>;

function rpcSubject(ns: string, procedure: Procedure): string {
  return `${ns}.rpc.${procedure}`;
}

/**
 * Request/reply between the gateway and the service that owns the data, registry or notifier as the procedure's
 * name says (core NATS: the caller gets an answer or an error, so nothing is silently lost). One queue group per
 * service spreads requests over its replicas.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Rpc');
  private readonly handlers = new Map<Procedure, RpcHandler<Procedure>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nats: NatsConnectionProvider,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  handle<P extends Procedure>(procedure: P, handler: RpcHandler<P>): void {
    this.handlers.set(procedure, handler as unknown as RpcHandler<Procedure>);
  }

  async onApplicationBootstrap(): Promise<void> {
    const nc = await this.nats.get();
    for (const [procedure, handler] of this.handlers) {
      const sub = nc.subscribe(rpcSubject(this.config.namespace, procedure), {
        queue: procedureOwner(procedure),
      });
      this.subscriptions.push(sub);
      void (async () => {
        for await (const msg of sub) {
          let reply: Reply;
          try {
            reply = { ok: true, result: await handler(msg.json()) };
          } catch (e) {
            if (!(e instanceof AppError)) {
              this.logger.error(`${procedure} failed`, (e as Error).stack);
            }
            // Only domain errors cross the wire; anything else becomes a generic internal error (no leak).
            reply = {
              ok: false,
              error:
                e instanceof AppError
                  ? e.toJSON()
                  : { code: ErrorCode.Internal, message: 'Internal server error' },
            };
          }
          msg.respond(JSON.stringify(reply));
        }
      })();
    }
    await nc.flush();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const sub of this.subscriptions) {
      await sub.drain().catch(() => undefined);
    }
  }
}

@Injectable()
export class RpcClient {
  constructor(
    private readonly nats: NatsConnectionProvider,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  async call<P extends Procedure>(
    procedure: P,
    request: RequestOf<P>,
    timeoutMs = 30_000,
  ): Promise<ResponseOf<P>> {
    const nc = await this.nats.get();
    let reply: Reply;
    try {
      const msg = await nc.request(rpcSubject(this.config.namespace, procedure), JSON.stringify(request), {
        timeout: timeoutMs,
      });
      reply = msg.json<Reply>();
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Service temporarily unavailable, please retry');
    }
    if (!reply.ok) {
      throw AppError.fromJSON(reply.error);
    }
    return reply.result as ResponseOf<P>;
  }
}
