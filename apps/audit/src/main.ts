import 'reflect-metadata';
import { gatewayAssignedRequestIds, loadConfigOrExit, startService } from '@latchkey/runtime';
import { AuditModule } from './app.module';
import { auditDocument } from './docs';
import { auditConfigSchema } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(auditConfigSchema);
  await startService({
    service: 'audit',
    module: AuditModule.forRoot(config),
    config,
    requestIds: gatewayAssignedRequestIds,
    // Built from the route declarations, once: what the gateway merges into the product document
    // (internal port only, like identity's).
    beforeListen: (_app, fastify) => {
      const document = auditDocument();
      fastify.get('/openapi.json', async () => document);
    },
  });
}

void main();
