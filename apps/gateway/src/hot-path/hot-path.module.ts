import { Module } from '@nestjs/common';
import { AuthenticationModule } from '../authentication';
import { AuthorizationModule } from '../authorization';
import { CanaryModule } from '../canary';
import { ProxyModule } from '../proxy';
import { RateLimitModule } from '../rate-limit';
import { UsageModule } from '../usage';
import { GatewayRuntime } from './gateway-runtime';

/** The request path: wires the capabilities' decisions and services into plain Fastify routes. */
@Module({
  imports: [
    AuthenticationModule,
    AuthorizationModule,
    RateLimitModule,
    UsageModule,
    ProxyModule,
    CanaryModule,
  ],
  providers: [GatewayRuntime],
  exports: [GatewayRuntime],
})
export class HotPathModule {}
