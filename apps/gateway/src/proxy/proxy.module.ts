import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { UpstreamProxy } from './upstream-proxy';

/** Closes the upstream pools once the HTTP server has drained (a request still in flight needs them). */
@Injectable()
class ProxyLifecycle implements OnApplicationShutdown {
  constructor(@Inject(UpstreamProxy) private readonly proxy: UpstreamProxy) {}

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}

/** Forwarding to identity, the data API and audit: it forwards what it is given and decides nothing. */
@Module({
  providers: [
    {
      provide: UpstreamProxy,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new UpstreamProxy(config.UPSTREAM_TIMEOUT_MS),
    },
    ProxyLifecycle,
  ],
  exports: [UpstreamProxy],
})
export class ProxyModule {}
