import 'reflect-metadata';
import { gatewayAssignedRequestIds, loadConfigOrExit, startService } from '@latchkey/runtime';
import { DataApiModule } from './app.module';
import { dataApiConfigSchema } from './config/data-api-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(dataApiConfigSchema);
  await startService({
    service: 'data-api',
    module: DataApiModule.forRoot(config),
    config,
    requestIds: gatewayAssignedRequestIds,
  });
}

void main();
