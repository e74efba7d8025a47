import { IDENTITY_NOTIFICATIONS_CONSUMER } from './notifications';
import { eventTypesOf, type Producer } from './producers';
import { DEFAULT_STREAM_NAME, DEFAULT_SUBJECT_PREFIX, subjectsFor, type Subjects } from './subjects';

/**
 * Who may say what on NATS: the one declaration behind the nats-server configuration (users with
 * nkeys and publish/subscribe allow lists, rendered by `renderNatsAuthorization`), the committed
 * configurations (k8s, compose: a test checks they equal the rendering) and the test harness.
 * See docs/adr/0014-nats-nkeys-and-subject-permissions.md.
 */
export const BUS_USERS = ['identity', 'gateway', 'data-api', 'audit', 'operator'] as const;
/** A service, or `operator`: stream administration and reading (`nats` CLI, external consumers). */
export type BusUser = (typeof BUS_USERS)[number];

/** The durable consumer with which identity keeps each key's `last_used_at`. */
export const IDENTITY_USAGE_CONSUMER = 'identity-key-usage';
export const DEFAULT_AUDIT_CONSUMER = 'audit';

/** What the permissions depend on: a deployment's (or a test run's) names. */
export interface BusLayout {
  subjectPrefix: string;
  stream: string;
  /** AUDIT_CONSUMER of the audit service. */
  auditConsumer: string;
}

export const DEFAULT_BUS_LAYOUT: BusLayout = {
  subjectPrefix: DEFAULT_SUBJECT_PREFIX,
  stream: DEFAULT_STREAM_NAME,
  auditConsumer: DEFAULT_AUDIT_CONSUMER,
};

export interface BusPermissions {
  publish: string[];
  subscribe: string[];
  /** May answer the requests it receives (publish once to each request's reply subject). */
  allowResponses: boolean;
}

/**
 * Each user's replies arrive under an inbox prefix of its own (the connection's `inboxPrefix`),
 * so no user can subscribe to another's replies (e.g. read the key lookups answered to gateways).
 */
export function inboxPrefixOf(user: BusUser): string {
  return `_INBOX_${user.replace(/-/g, '_')}`;
}

/** The environment variable holding a user's public nkey where the NATS server runs. */
export function nkeyVariableOf(user: BusUser): string {
  return `NATS_NKEY_${user.replace(/-/g, '_').toUpperCase()}`;
}

/** The secret (seed) of a user, as generateDeploymentSecrets names it; the container gets it as NATS_NKEY_SEED. */
export function seedVariableOf(user: BusUser): string {
  return `NATS_SEED_${user.replace(/-/g, '_').toUpperCase()}`;
}

const JS = '$JS.API';

/** Publishing one's own events (with JetStream's ack) and nothing else under the stream's prefix. */
function eventsOf(subjects: Subjects, producer: Producer): string[] {
  return eventTypesOf(producer).map((type) => subjects.event('*', type));
}

/** Reading a stream through one named durable pull consumer (and only that one, only with its filter). */
function durableConsumer(stream: string, durable: string, filter: string): BusPermissions {
  return {
    publish: [
      `${JS}.CONSUMER.INFO.${stream}.${durable}`,
      // The filter is part of the subject (nats.js >= 2.9 API): the consumer cannot be widened.
      `${JS}.CONSUMER.CREATE.${stream}.${durable}.${filter}`,
      `${JS}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
      // Acks, naks, in-progress and terms go to the delivered message's reply subject.
      `$JS.ACK.${stream}.${durable}.>`,
      // A message given up after its last delivery is fetched from the stream to be dead-lettered.
      `${JS}.STREAM.MSG.GET.${stream}`,
    ],
    subscribe: [`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`],
    allowResponses: false,
  };
}

/** Every service reads the stream's state (readiness) and creates it at first boot if it is missing. */
function streamUser(stream: string): BusPermissions {
  return {
    publish: [`${JS}.INFO`, `${JS}.STREAM.INFO.${stream}`, `${JS}.STREAM.CREATE.${stream}`],
    subscribe: [],
    allowResponses: false,
  };
}

function merge(...parts: BusPermissions[]): BusPermissions {
  return {
    publish: parts.flatMap((p) => p.publish),
    subscribe: parts.flatMap((p) => p.subscribe),
    allowResponses: parts.some((p) => p.allowResponses),
  };
}

export function busPermissions(layout: BusLayout = DEFAULT_BUS_LAYOUT): Record<BusUser, BusPermissions> {
  const s = subjectsFor(layout.subjectPrefix);
  const { stream } = layout;
  const dlqStream = `${stream}_DLQ`;
  const inbox = (user: BusUser): BusPermissions => ({
    publish: [],
    subscribe: [`${inboxPrefixOf(user)}.>`],
    allowResponses: false,
  });
  return {
    gateway: merge(inbox('gateway'), streamUser(stream), {
      publish: [s.keyLookup, s.userLookup, s.gatewayHeartbeat, s.rateLimitSync, ...eventsOf(s, 'gateway')],
      subscribe: [s.keyInvalidate, s.userInvalidate, s.gatewayHeartbeat, s.rateLimitSync],
      // Each replica confirms the invalidations identity asks for.
      allowResponses: true,
    }),
    identity: merge(
      inbox('identity'),
      streamUser(stream),
      durableConsumer(stream, IDENTITY_USAGE_CONSUMER, s.event('*', 'key.used')),
      // Notifications (ADR 0027): every event, of which it keeps those endpoints subscribe to.
      durableConsumer(stream, IDENTITY_NOTIFICATIONS_CONSUMER, s.events),
      {
        publish: [s.keyInvalidate, s.userInvalidate, ...eventsOf(s, 'identity')],
        subscribe: [s.keyLookup, s.userLookup, s.webhookConnectionLookup, s.gatewayHeartbeat],
        // Answers the lookups.
        allowResponses: true,
      },
    ),
    'data-api': merge(inbox('data-api'), streamUser(stream), {
      publish: [s.webhookConnectionLookup, ...eventsOf(s, 'data-api')],
      subscribe: [],
      allowResponses: false,
    }),
    audit: merge(
      inbox('audit'),
      streamUser(stream),
      durableConsumer(stream, layout.auditConsumer, s.events),
      {
        publish: [
          // The record's owner keeps the stream's settings (subjects) and its dead-letter stream.
          `${JS}.STREAM.UPDATE.${stream}`,
          `${JS}.STREAM.INFO.${dlqStream}`,
          `${JS}.STREAM.CREATE.${dlqStream}`,
          `${JS}.STREAM.UPDATE.${dlqStream}`,
          s.deadLetter(layout.auditConsumer),
          // `npm run audit:redrive` runs as audit: it reads each dead letter and removes it once
          // stored in the trail (docs/operations.md "Re-drive dead letters").
          `${JS}.STREAM.MSG.GET.${dlqStream}`,
          `${JS}.STREAM.MSG.DELETE.${dlqStream}`,
        ],
        // Live tails end when their key or user is revoked.
        subscribe: [s.keyInvalidate, s.userInvalidate],
        allowResponses: false,
      },
    ),
    // Administration and reading: every JetStream API, no event or control subject.
    operator: merge(inbox('operator'), {
      publish: [`${JS}.>`, `$JS.ACK.${stream}.>`, `$JS.ACK.${dlqStream}.>`],
      subscribe: ['$JS.EVENT.>'],
      allowResponses: false,
    }),
  };
}

const quote = (subject: string) => JSON.stringify(subject);

/**
 * The `authorization` block of nats-server's configuration. `nkeys` holds each user's public key,
 * or a `$VARIABLE` the server resolves from its environment (committed configurations), so the
 * server never holds a secret; a user being rotated has two keys, each listed with the same
 * permissions. No `no_auth_user`: a client without a listed nkey is refused.
 */
export function renderNatsAuthorization(
  layout: BusLayout,
  nkeys: Record<BusUser, string | readonly string[]>,
): string {
  const permissions = busPermissions(layout);
  const list = (subjects: string[]) =>
    `[\n${subjects.map((x) => `          ${quote(x)}`).join(',\n')}\n        ]`;
  const users = BUS_USERS.flatMap((user) => {
    const p = permissions[user];
    const keys = nkeys[user];
    return (typeof keys === 'string' ? [keys] : keys).map((key) => {
      if (!/^(U[A-Z2-7]{55}|\$[A-Z_][A-Z0-9_]*)$/.test(key))
        throw new Error(`${user}: not a user public nkey or $VARIABLE`);
      return [
        `    # ${user}`,
        `    {`,
        `      nkey: ${key}`,
        `      permissions: {`,
        `        publish: { allow: ${list(p.publish)} }`,
        `        subscribe: { allow: ${list(p.subscribe)} }`,
        ...(p.allowResponses ? [`        allow_responses: true`] : []),
        `      }`,
        `    }`,
      ].join('\n');
    });
  });
  return [
    `# Generated from libs/contracts/src/bus-permissions.ts (prefix ${layout.subjectPrefix},`,
    `# stream ${layout.stream}, audit consumer ${layout.auditConsumer}). Do not edit: regenerate with`,
    `#   node scripts/nats-config.mjs`,
    `authorization {`,
    `  users = [`,
    users.join('\n'),
    `  ]`,
    `}`,
    ``,
  ].join('\n');
}

/** The committed configurations' users: public keys from the server's environment. */
export function nkeyVariables(): Record<BusUser, string> {
  return Object.fromEntries(BUS_USERS.map((user) => [user, `$${nkeyVariableOf(user)}`])) as Record<
    BusUser,
    string
  >;
}
