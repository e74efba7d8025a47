import 'reflect-metadata';
import { gatewayAssignedRequestIds, loadConfigOrExit, startService } from '@latchkey/runtime';
import { DataApiModule } from './app.module';
import { dataApiConfigSchema } from './config';
import { dataApiDocument } from './docs';

async function main(): Promise<void> {
  const config = loadConfigOrExit(dataApiConfigSchema);
  await startService({
    service: 'data-api',
    module: DataApiModule.forRoot(config),
    config,
    requestIds: gatewayAssignedRequestIds,
    beforeListen: (_app, fastify) => {
      // Its own document, built from its route declarations (internal port only, like identity's).
      const document = dataApiDocument();
      fastify.get('/openapi.json', async () => document);
    },
  });
}

void main();
