import 'reflect-metadata';
import {
  BusMessagePurpose,
  subjectsFor,
  type KeyLookupRequest,
  type UserLookupRequest,
  type WebhookConnectionLookupRequest,
} from '@latchkey/contracts';
import { importVerifyKeys } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { attested, IdentityBusKeys } from './bus-trust';
import {
  ConfigError,
  HealthRegistry,
  loadConfigOrExit,
  principalPublicKeys,
  startService,
} from '@latchkey/runtime';
import { forwardedRequestIds } from './access';
import { IdentityModule } from './app.module';
import { identityDocument } from './docs';
import { identityConfigSchema, retiredVariableProblems } from './config';
import { KeyLookupService, LookupResponder } from './key-lookup';

async function main(): Promise<void> {
  // A retired variable is not ignored in silence: its deployment meant something by it.
  const retired = retiredVariableProblems(process.env);
  if (retired.length > 0) {
    process.stderr.write(`${new ConfigError(retired).message}\n`);
    process.exit(78);
  }
  const config = loadConfigOrExit(identityConfigSchema);
  await startService({
    service: 'identity',
    module: IdentityModule.forRoot(config),
    config,
    requestIds: forwardedRequestIds(importVerifyKeys(principalPublicKeys(config))),
    beforeListen: async (app, fastify) => {
      // Built from the route declarations, once: what the gateway merges into the product document.
      const document = identityDocument();
      fastify.get('/openapi.json', async () => document);
      // Request/reply over Nest's NATS transport. The subject depends on configuration (each
      // deployment or test run can have its own prefix), so the handler is registered here
      // rather than with a static @MessagePattern. The queue group spreads lookups over replicas.
      const rpc = new LookupResponder({
        ...app.get(EventBus).connectionOptions('identity-rpc'),
        queue: 'identity',
      });
      const lookups = app.get(KeyLookupService);
      const subjects = subjectsFor(config.NATS_SUBJECT_PREFIX);
      // Every reply is signed for the asker's nonce and question (ADR 0015).
      const ring = app.get(IdentityBusKeys).signing;
      rpc.addHandler(subjects.keyLookup, (request: KeyLookupRequest) =>
        attested(BusMessagePurpose.KeyLookupReply, request, lookups.lookup(request), ring),
      );
      rpc.addHandler(subjects.userLookup, (request: UserLookupRequest) =>
        attested(BusMessagePurpose.UserLookupReply, request, lookups.lookupUser(request), ring),
      );
      rpc.addHandler(subjects.webhookConnectionLookup, (request: WebhookConnectionLookupRequest) =>
        attested(
          BusMessagePurpose.WebhookConnectionLookupReply,
          request,
          lookups.lookupWebhookConnection(request),
          ring,
        ),
      );
      app.connectMicroservice({ strategy: rpc }, { inheritAppConfig: true });
      await app.startAllMicroservices();
      // Identity serves lookups to every gateway: without its responder it is not ready.
      app.get(HealthRegistry).register(rpc.readiness());
    },
  });
}

void main();
