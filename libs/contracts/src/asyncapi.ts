import { z } from 'zod';
import { EVENT_TYPES, type EventType } from './event-types';
import { CloudEventEnvelopeSchema, EventDataSchemas } from './event-schemas';

/*
 * docs/asyncapi.yaml, derived from the one declaration of the events (event-schemas.ts):
 * `node scripts/asyncapi.mjs` writes it, tools/docs/asyncapi.spec.ts fails when it drifts.
 */

type JsonSchema = Record<string, unknown>;

/** JSON Schema (draft-07, AsyncAPI's default schema format) of a declared schema. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: 'draft-07',
    // Input: what a producer emits; objects stay open to fields added later.
    io: 'input',
    override: (ctx) => {
      // `format: date-time` says it; zod's equivalent regular expression only adds noise.
      if (ctx.jsonSchema.format === 'date-time') delete ctx.jsonSchema.pattern;
    },
  }) as JsonSchema;
  delete out['$schema'];
  return out;
}

/** `key.role_changed` → `keyRoleChanged`: the message's key in the document. */
function messageKey(type: EventType): string {
  return type.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase());
}

export function asyncApiDocument(version: string): JsonSchema {
  const envelope = jsonSchemaOf(CloudEventEnvelopeSchema.omit({ data: true }));
  const messages: JsonSchema = {};
  for (const type of EVENT_TYPES) {
    const data = jsonSchemaOf(EventDataSchemas[type]);
    const { description, ...payload } = data;
    messages[messageKey(type)] = {
      name: type,
      ...(typeof description === 'string' ? { summary: description } : {}),
      payload: {
        allOf: [
          { $ref: '#/components/schemas/envelope' },
          {
            type: 'object',
            required: ['data'],
            properties: { type: { const: `dev.latchkey.${type}` }, data: payload },
          },
        ],
      },
    };
  }
  const refs = Object.fromEntries(
    EVENT_TYPES.map((t) => [messageKey(t), { $ref: `#/components/messages/${messageKey(t)}` }]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Latchkey events',
      version,
      description: [
        'Every key event — created, updated, rotated, revoked, deleted, expired, used — every denial,',
        'user change, policy change, every credential issued (aggregated) and every data change, as',
        'CloudEvents 1.0 (structured JSON) on NATS JetStream.',
        '',
        "Stream `LATCHKEY` captures `latchkey.>`; each message's `Nats-Msg-Id` is the event `id`",
        '(de-duplicated by JetStream within two minutes). Subscribe with a durable consumer of your own',
        'and explicit acks (see examples/audit-consumer). Delivery is at least once: de-duplicate by `id`.',
        'Ignore fields you do not know: new ones may be added. No event ever carries a secret, a secret',
        'hash or a token.',
        '',
        'Generated from libs/contracts/src/event-schemas.ts by `node scripts/asyncapi.mjs`; do not edit.',
        '',
      ].join('\n'),
    },
    servers: {
      nats: {
        host: 'nats:4222',
        protocol: 'nats',
        description:
          'NATS with JetStream; the stream name and subject prefix are configurable (NATS_STREAM, NATS_SUBJECT_PREFIX).',
      },
    },
    channels: {
      orgEvents: {
        address: 'latchkey.{orgId}.{eventType}',
        description:
          "One organisation's events of one type. Subscribe to `latchkey.>` for all, `latchkey.*.key.revoked` for one type.",
        parameters: {
          orgId: { description: 'The organisation (`org_…`; `unknown` for refusals tied to none).' },
          eventType: { enum: [...EVENT_TYPES], description: 'The event type.' },
        },
        messages: refs,
      },
    },
    operations: {
      receiveEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/orgEvents' },
        summary: 'Consume Latchkey events with a durable JetStream consumer.',
        messages: Object.keys(refs).map((key) => ({ $ref: `#/channels/orgEvents/messages/${key}` })),
      },
    },
    components: { schemas: { envelope }, messages },
  };
}
