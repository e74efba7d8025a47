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
import { ChainController } from './chain/chain.controller';
import { CheckpointKeysController } from './chain/checkpoint-keys.controller';
import { ChainSigner, ChainStatementVerifier } from './chain/chain-signer';
import { ChainVerifier } from './chain/chain-verifier';
import { CheckpointService } from './chain/checkpoint.service';
import { AUDIT_CONFIG, type AuditConfig } from './config/audit-config';
import { AUDIT_ENTITIES } from './database/entities';
import { AUDIT_MIGRATION_NAMES } from './database/migration-list';
import { EventReader } from './events/event-reader';
import { EventsController } from './events/events.controller';
import { LiveTails } from './events/live-tails';
import { AuditIngestService } from './ingest/audit-ingest.service';
import { EventStore } from './ingest/event-store';
import { RetentionService } from './retention/retention.service';
import { UsageController } from './usage/usage.controller';

@Module({})
export class AuditModule {
  static forRoot(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        RuntimeModule,
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
      ],
      controllers: [EventsController, UsageController, ChainController, CheckpointKeysController],
      providers: [
        { provide: AUDIT_CONFIG, useValue: config },
        {
          provide: ChainSigner,
          useValue: new ChainSigner(config.AUDIT_SIGNING_KEY, config.AUDIT_RETIRED_PUBLIC_KEYS ?? []),
        },
        {
          provide: ChainStatementVerifier,
          inject: [ChainSigner],
          useFactory: (signer: ChainSigner) => signer.verifier(),
        },
        EventStore,
        EventReader,
        LiveTails,
        AuditIngestService,
        ChainVerifier,
        CheckpointService,
        RetentionService,
      ],
    };
  }
}
