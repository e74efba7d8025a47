import 'reflect-metadata';
import { loadConfigOrExit, mintedRequestIds, startService } from '@latchkey/runtime';
import { GatewayModule } from './app.module';
import { gatewayConfigSchema } from './config';
import { registerConsoleRoutes } from './console';
import { registerDocsRoutes } from './docs';
import { ConnectionCeiling, GatewayRuntime, MAX_BODY_BYTES, registerGatewayRoutes } from './hot-path';

async function main(): Promise<void> {
  const config = loadConfigOrExit(gatewayConfigSchema);
  await startService({
    service: 'gateway',
    module: GatewayModule.forRoot(config),
    config,
    requestIds: mintedRequestIds,
    bodyLimit: MAX_BODY_BYTES,
    clientTimeouts: {
      headersMs: config.HEADERS_TIMEOUT_MS,
      requestMs: config.REQUEST_TIMEOUT_MS,
      keepAliveMs: config.KEEP_ALIVE_TIMEOUT_MS,
    },
    beforeListen: async (app, fastify) => {
      const runtime = app.get(GatewayRuntime);
      new ConnectionCeiling(config.MAX_CONNECTIONS_PER_CLIENT, runtime.trustedProxies).attach(fastify.server);
      await registerConsoleRoutes(fastify, config.CONSOLE_DIR);
      registerDocsRoutes(fastify);
      registerGatewayRoutes(fastify, runtime);
    },
  });
}

void main();
