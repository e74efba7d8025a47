import {
  DatabaseModule,
  EventBusModule,
  ormOptions,
  RuntimeModule,
  streamOptionsOf,
} from '@latchkey/runtime';
import type { DynamicModule, Type } from '@nestjs/common';
import { IdentityConfigModule } from './config.module';
import type { IdentityConfig } from './identity-config';

/**
 * What every capability runs on, once per process: the runtime, the configuration, PostgreSQL
 * (identity's entities, and the migrations readiness waits for) and the bus as identity's user.
 */
export function identityInfrastructure(
  config: IdentityConfig,
  entities: NonNullable<Parameters<typeof ormOptions>[1]>,
  migrationNames?: readonly string[],
): (DynamicModule | Type)[] {
  return [
    RuntimeModule,
    IdentityConfigModule.forRoot(config),
    DatabaseModule.forRoot(ormOptions(config, entities), migrationNames),
    EventBusModule.forRoot({
      servers: config.NATS_URL,
      name: 'identity',
      stream: config.NATS_STREAM,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      ...streamOptionsOf(config),
      credentials: { user: 'identity', seed: config.NATS_NKEY_SEED },
    }),
  ];
}
