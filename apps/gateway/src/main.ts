import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@latchkey/runtime';
import { GatewayModule } from './app.module';
import { gatewayConfigSchema } from './config/gateway-config';
import { registerConsoleRoutes } from './console/console-routes';
import { registerDocsRoutes } from './docs/docs-routes';
import { GatewayRuntime } from './hot-path/gateway-runtime';
import { MAX_BODY_BYTES, registerGatewayRoutes } from './hot-path/gateway-routes';

async function main(): Promise<void> {
  const config = loadConfigOrExit(gatewayConfigSchema);
  await startService({
    service: 'gateway',
    module: GatewayModule.forRoot(config),
    config,
    bodyLimit: MAX_BODY_BYTES,
    beforeListen: async (app, fastify) => {
      await registerConsoleRoutes(fastify, config.CONSOLE_DIR);
      registerDocsRoutes(fastify, config.IDENTITY_URL);
      registerGatewayRoutes(fastify, app.get(GatewayRuntime));
    },
  });
}

void main();
