import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@latchkey/runtime';
import { AuditModule } from './app.module';
import { auditConfigSchema } from './config/audit-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(auditConfigSchema);
  await startService({ service: 'audit', module: AuditModule.forRoot(config), config });
}

void main();
