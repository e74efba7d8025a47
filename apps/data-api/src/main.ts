import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@latchkey/runtime';
import { DataApiModule } from './app.module';
import { dataApiConfigSchema } from './config/data-api-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(dataApiConfigSchema);
  await startService({ service: 'data-api', module: DataApiModule.forRoot(config), config });
}

void main();
