import 'reflect-metadata';
import { gatewayAssignedRequestIds, loadConfigOrExit, startService } from '@latchkey/runtime';
import { AuditModule } from './app.module';
import { auditConfigSchema } from './config/audit-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(auditConfigSchema);
  await startService({
    service: 'audit',
    module: AuditModule.forRoot(config),
    config,
    requestIds: gatewayAssignedRequestIds,
  });
}

void main();
