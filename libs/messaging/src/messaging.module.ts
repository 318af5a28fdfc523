import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { EventConsumers } from './event-consumers';
import { NatsConnectionProvider } from './nats-connection';
import { RedisProvider } from './redis.provider';
import { RpcClient, RpcServer } from './rpc';

@Global()
@Module({
  providers: [NatsConnectionProvider, RedisProvider, EventBus, EventConsumers, RpcServer, RpcClient],
  exports: [NatsConnectionProvider, RedisProvider, EventBus, EventConsumers, RpcServer, RpcClient],
})
export class MessagingModule {}
