import { type DynamicModule, Module } from '@nestjs/common';
import { Audience } from '@latchkey/contracts';
import {
  DatabaseModule,
  EventBusModule,
  ormOptions,
  PrincipalModule,
  RuntimeModule,
  streamOptionsOf,
  principalPublicKeys,
} from '@latchkey/runtime';
import { ChainModule } from './chain';
import { AuditConfigModule, type AuditConfig } from './config';
import { AUDIT_ENTITIES, AUDIT_MIGRATION_NAMES } from './database';
import { DecisionsModule } from './decisions';
import { ExportModule } from './export';
import { IngestModule } from './ingest';
import { QueryModule } from './query';
import { RetentionModule } from './retention';
import { StreamModule } from './stream';
import { UsageModule } from './usage';

@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        RuntimeModule,
        AuditConfigModule.forRoot(config),
        DatabaseModule.forRoot(ormOptions(config, AUDIT_ENTITIES), AUDIT_MIGRATION_NAMES),
        EventBusModule.forRoot({
          servers: config.NATS_URL,
          name: 'audit',
          stream: config.NATS_STREAM,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          ...streamOptionsOf(config),
          credentials: { user: 'audit', seed: config.NATS_NKEY_SEED },
          // The record's owner keeps the stream's settings (the only user the bus lets update it).
          ownsStream: true,
        }),
        PrincipalModule.forRoot({
          audience: Audience.Audit,
          publicJwks: principalPublicKeys(config),
        }),
        IngestModule,
        ChainModule,
        QueryModule,
        ExportModule,
        StreamModule,
        UsageModule,
        DecisionsModule,
        RetentionModule,
      ],
    };
  }
}
