import 'reflect-metadata';
import { gatewayAssignedRequestIds, loadConfigOrExit, serveOpenApi, startService } from '@latchkey/runtime';
import { AuditModule } from './app.module';
import { AUDIT_DOCUMENT_INFO } from './docs/audit-openapi';
import { auditConfigSchema } from './config/audit-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(auditConfigSchema);
  await startService({
    service: 'audit',
    module: AuditModule.forRoot(config),
    config,
    requestIds: gatewayAssignedRequestIds,
    // Request shapes for the gateway's product document (internal port only, like identity's).
    beforeListen: (app, fastify) => {
      serveOpenApi(app, fastify, AUDIT_DOCUMENT_INFO);
    },
  });
}

void main();
