import { z } from 'zod';
import { EventType } from './event-types';
import { USER_ROLES } from './principal';

/*
 * The one declaration of every event on the bus: the CloudEvents envelope and, per event type,
 * the schema of its `data`. Producers validate against it when they build an event, consumers get
 * their types from it (z.infer) and docs/asyncapi.yaml is generated from it
 * (`node scripts/asyncapi.mjs`). Objects are not strict: a consumer must ignore fields it does not
 * know, so a field added later is not a breaking change.
 */

const timestamp = z.iso.datetime({ offset: true });
const counts = z.record(z.string(), z.number().int().nonnegative());

export const ActorSchema = z.object({
  type: z.enum(['user', 'api_key', 'system']),
  id: z.string(),
});

export const ChangeContextSchema = z
  .object({
    actor: ActorSchema,
    request_id: z
      .string()
      .optional()
      .describe(
        "The server's id of the request that made the change (the gateway's; never the client's X-Request-Id).",
      ),
    client_request_id: z
      .string()
      .optional()
      .describe(
        "The client's X-Request-Id, when well-formed (letters, digits, ._:- up to 128): for matching with its records only.",
      ),
    client_ip: z.string().optional(),
  })
  .describe('Who changed something, from where: carried by every change event. Never a secret.');

/** A role as it travels: in user tokens, events and the users API (kept here, out of the console's bundle). */
export const UserRoleSchema = z.enum(USER_ROLES);
const UserKindSchema = z.enum(['human', 'service']);
const UserStatusSchema = z.enum(['active', 'disabled']);

export const KeySummarySchema = z.object({
  key_id: z.string(),
  public_id: z.string(),
  prefix: z.string().describe('First 12 characters of the secret, for recognition.'),
  name: z.string(),
  environment: z.enum(['live', 'test']),
  scopes: z.array(z.string()),
  expires_at: timestamp.nullable(),
  canary: z.boolean().optional().describe('Present (true) for a canary key only (ADR 0024).'),
});

export const KeyCreatedDataSchema = KeySummarySchema.extend(ChangeContextSchema.shape).describe(
  'A key created: its summary, never its secret.',
);

/** One field's value before and after a change. */
const fieldChange = <T extends z.ZodType>(value: T) => z.object({ old: value, new: value });

export const KeyFieldChangesSchema = z
  .object({
    name: fieldChange(z.string()).optional(),
    description: fieldChange(z.string().nullable()).optional(),
    scopes: fieldChange(z.array(z.string())).optional(),
    allowed_paths: fieldChange(z.array(z.string())).optional(),
    allowed_ips: fieldChange(z.array(z.string())).optional(),
    rate_limit: fieldChange(
      z.object({ limit: z.number().int(), window_seconds: z.number().int() }),
    ).optional(),
    expires_at: fieldChange(timestamp.nullable()).optional(),
  })
  .describe(
    'Each field of the key (its API name) whose value changed, with its value before (`old`) and after (`new`); fields left as they were are absent. Never a secret.',
  );

export const KeyUpdatedDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  changes: z
    .array(z.string())
    .describe(
      'The fields whose value changed (the keys of `diff`). Events recorded before `diff` existed name every field the request set.',
    ),
  diff: KeyFieldChangesSchema.describe(
    'Each changed field with its `old` and `new` value. Absent from events recorded before it existed.',
  ),
  scopes: z.array(z.string()).describe('The scopes the key has now.'),
}).describe(
  'A key updated (PATCH), only when a value changed: what changed, old and new, and the scopes the key has now.',
);

export const KeyRotatedDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  old_secret_id: z.string(),
  new_secret_id: z.string(),
  grace_until: timestamp.describe(
    'When the old secret and the access tokens exchanged with it stop working (the rotation time for a regenerate).',
  ),
  expires_at: timestamp.nullable(),
}).describe('A key given a new secret; the old one works until `grace_until`.');

export const KeyRevokedDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  reason: z.string(),
}).describe('A key revoked: every gateway refuses it at once.');

export const KeyDeletedDataSchema = ChangeContextSchema.extend({ key_id: z.string() }).describe(
  'A key deleted.',
);

export const KeyExpiredDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  expired_at: timestamp,
}).describe('A key reached its expiry (recorded by the expiry sweeper; the actor is the system).');

/** What an organisation's policy does with a key reported as leaked (`leak_action`). */
export const LEAK_ACTIONS = ['revoke', 'quarantine', 'report'] as const;
export type LeakAction = (typeof LEAK_ACTIONS)[number];

export const KeyLeakedDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  url: z
    .string()
    .describe('Where the secret was found, as the report said (a commit, file or page URL; may be empty).'),
  source: z
    .string()
    .describe('Where the report says it was found (`content`, `commit`, `gist`, …; may be empty).'),
  type: z.string().describe("The report's token type (the scanner's name for the pattern)."),
  action: z
    .enum(LEAK_ACTIONS)
    .describe(
      "What was done, by the organisation's leak_action: revoke (revoked at once, as key.revoked with reason `leaked` says), quarantine (reads only from now on) or report (nothing but this record).",
    ),
  signed: z.boolean().describe('Whether the report carried a verified signature of a configured reporter.'),
}).describe(
  'A live secret of the key was reported found in public (POST /security/leaks). Never the secret. The actor is the system.',
);

/** Days before expiry at which a key's owners are warned (wire values: consumers match on them). */
export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;
export type ExpiryWarningDays = (typeof EXPIRY_WARNING_DAYS)[number];

export const KeyExpiringDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  name: z.string(),
  expires_at: timestamp,
  days_left: z
    .union(EXPIRY_WARNING_DAYS.map((d) => z.literal(d)))
    .describe('The warning threshold reached: the key expires within this many days.'),
}).describe(
  'A key will expire within 30, 7 or 1 days: sent once per key, threshold and expiry (a key given a new expiry is warned again for it). Recorded by the expiry sweeper; the actor is the system.',
);

export const KeyDormantDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  name: z.string(),
  dormant_after_days: z.number().int().describe('The policy rule that applied.'),
  last_used_at: timestamp.nullable().describe('Its last use; null: never used (its creation counted).'),
}).describe(
  'A key unused for the policy’s dormant_after_days was disabled: every gateway refuses it (key_dormant) until an owner or admin enables it. Recorded by the sweeper; the actor is the system.',
);

export const KeyEnabledDataSchema = ChangeContextSchema.extend({
  key_id: z.string(),
  dormant_at: timestamp.describe('When it had been disabled as dormant.'),
}).describe(
  'A dormant key enabled again (POST /admin/keys/:id/enable); its dormancy clock restarts from now.',
);

export const KeyUsedDataSchema = z
  .object({
    key_id: z.string(),
    window_start: timestamp,
    window_end: timestamp,
    requests: z.number().int().nonnegative(),
    by_status: counts,
    by_path: counts.describe(
      'Route → count (at most 100 entries). A name longer than 256 characters keeps its first 256, `…sha256:` and the SHA-256 of the whole.',
    ),
    by_ip: counts.describe('Client IP → count (at most 100 entries).'),
    latency_ms: z.object({ total: z.number().nonnegative(), max: z.number().nonnegative() }),
    last_ip: z.string().describe("The client address of the window's last request."),
    gateway: z.string(),
    quarantined: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Requests of the window made while the key was quarantined after a leak (absent when none): every use of a quarantined key is flagged.',
      ),
  })
  .describe("One gateway replica's usage of one key over one flush interval.");

export const DENIAL_REASONS = [
  'no_credential',
  'malformed',
  'bad_checksum',
  'in_query',
  'unknown_key',
  'expired',
  'revoked',
  'dormant',
  'public_id_mismatch',
  'invalid_token',
  'lookup_failed',
  'insufficient_scope',
  'path_not_allowed',
  'ip_not_allowed',
  'rate_limited',
  'auth_throttled',
  'key_quarantined',
  'identity_refused',
  'canary',
  'role_not_allowed',
] as const;
/** Why the gateway refused a request, as `auth.denied` records it (the client sees its error code). */
export type DenialReason = (typeof DENIAL_REASONS)[number];

export const DenialSampleSchema = z
  .object({
    method: z.string(),
    path: z
      .string()
      .max(256)
      .describe('The request path as sent, cut to at most 256 characters (`path_truncated`).'),
    path_sha256: z
      .string()
      .describe('SHA-256 (hex) of the whole path as sent: identifies a path that was cut.'),
    path_truncated: z.boolean(),
    ip: z.string(),
    status: z.number().int().describe('The status of every refusal of the record.'),
    request_id: z
      .string()
      .describe("The gateway's id of this request (the `request_id` of its problem response)."),
  })
  .describe('One refused request of the record (the first). Never the query string, never a header.');

/**
 * What a key was when the gateway refused it (ADR 0023): what an explanation shows. Never a secret
 * or a hash; the same fields the key's view shows.
 */
export const KeyStateSchema = z
  .object({
    status: z.enum(['active', 'revoked', 'expired', 'dormant']),
    scopes: z.array(z.string()),
    allowed_paths: z.array(z.string()),
    allowed_ips: z.array(z.string()),
    rate_limit: z.object({ limit: z.number().int(), window_seconds: z.number().int() }),
    expires_at: timestamp.nullable(),
    canary: z.boolean(),
  })
  .describe("The key's state as the gateway decided on it (its cached snapshot). Never a secret.");

export const AuthDeniedDataSchema = z
  .object({
    reason: z
      .enum(DENIAL_REASONS)
      .describe(
        'The real reason (clients only ever see the documented code). canary: a canary key was used (answered exactly like an unknown key). role_not_allowed: a user token whose role may not call a route the gateway answers itself. identity_refused: identity answered 401, 403 or 429 (failed sign-in, invalid user token, role not allowed, throttled login).',
      ),
    key_id: z
      .string()
      .optional()
      .describe('The key the refused credential named, when it named a known one.'),
    source_network: z
      .string()
      .optional()
      .describe(
        "Refusals tied to no organisation (orgid `unknown`): the client's IPv4 /24 (`203.0.113.0/24`) or IPv6 /64 (`2001:db8:0:1::/64`), `unknown` if the address is not one.",
      ),
    route: z
      .string()
      .describe(
        'The route template (`GET /v1/projects/:id`), or a bounded bucket of the first path segments (`POST /auth/login`, `GET /v1/*`, `GET /*/…`) when no route matches; `*` on an overflow record.',
      ),
    count: z.number().int().min(1).describe('Refusals in this record.'),
    first_at: timestamp,
    last_at: timestamp.describe("Also the event's `time`."),
    window_start: timestamp,
    window_end: timestamp,
    sample: DenialSampleSchema,
    key_state: KeyStateSchema.optional().describe(
      "The key's state when the record's first refusal was decided (refusals of a known key only).",
    ),
    required_scope: z
      .string()
      .optional()
      .describe('insufficient_scope: the scope the matched route requires.'),
    decision_id: z
      .string()
      .describe('Names this record (one tuple, one window, one replica): `dcn_` + ULID.'),
    decision_aliases: z
      .array(z.string())
      .max(32)
      .optional()
      .describe(
        'Ids the gateway answered refusals of this record with instead of `decision_id`, where an answer must not be linkable to another (401 invalid_api_key / invalid_token, the failed-authentication 429): each such refusal gets an id of its own; the first 32 are kept here (ADR 0023).',
      ),
    gateway: z.string().describe('The replica that counted the refusals.'),
    overflow: z
      .enum(['budget', 'organisations'])
      .optional()
      .describe(
        "Counts refusals beyond a budget, per reason and status, without key or route: `budget` — the organisation's (or the anonymous bucket's) distinct records for the window were used up; `organisations` — more organisations had refusals in the window than a replica tracks (filed under `unknown`).",
      ),
  })
  .describe(
    "Refusals of one gateway replica over one flush interval, aggregated per (organisation — or, for refusals tied to none, the source network —, key, reason, status, route). The sum of `count` over an organisation's records is every refusal of it (ADR 0008). Events stored before ADR 0008 describe one refusal each, with `path`, `method`, `ip` and `status` at the top.",
  );

/** `auth.denied` as gateways published it before ADR 0008: one event per refusal (old trails hold it). */
export const LegacyAuthDeniedDataSchema = z.object({
  reason: z.string(),
  key_id: z.string().optional(),
  path: z.string(),
  method: z.string(),
  ip: z.string(),
  status: z.number().int(),
});

export const KeyCanaryTrippedDataSchema = z
  .object({
    key_id: z.string(),
    source_ip: z.string().describe("The client address of the trip (the window's first, for a count)."),
    user_agent: z.string().max(256).describe('Its User-Agent, cut to 256 characters; empty if none.'),
    method: z.string(),
    path: z.string().max(256).describe('The path as sent, cut to 256 characters; never the query string.'),
    first_at: timestamp.describe('When the (first counted) trip happened.'),
    last_at: timestamp,
    count: z
      .number()
      .int()
      .min(1)
      .describe(
        "Trips this event stands for: 1 for a key's first trip (published at once); later trips within CANARY_WINDOW_SECONDS are counted and published together at the window's end.",
      ),
    gateway: z.string(),
  })
  .describe(
    'A canary key (one that grants nothing, ADR 0024) was presented to the gateway: someone holds a secret that should never be used. The caller was answered exactly like an unknown key. Never the secret.',
  );

export const UserCreatedDataSchema = ChangeContextSchema.extend({
  user_id: z.string(),
  role: UserRoleSchema,
  kind: UserKindSchema,
}).describe('A user (a person or a service account) created with a role.');

export const UserRoleChangedDataSchema = ChangeContextSchema.extend({
  user_id: z.string(),
  from: UserRoleSchema,
  to: UserRoleSchema,
}).describe("A user's role changed.");

export const UserStatusChangedDataSchema = ChangeContextSchema.extend({
  user_id: z.string(),
  from: UserStatusSchema,
  to: UserStatusSchema,
}).describe('A user disabled (their tokens stop working at once) or enabled again.');

export const UserPasswordChangedDataSchema = ChangeContextSchema.extend({
  user_id: z.string(),
  method: z.enum(['self', 'reset']),
}).describe(
  "A user's password changed, by the user with the current one (self) or reset by an owner or admin (reset). Every token the user held before stops working at once.",
);

export const UserRemovedDataSchema = ChangeContextSchema.extend({
  user_id: z.string(),
  role: UserRoleSchema,
  kind: UserKindSchema,
}).describe(
  'A user removed from the organisation; sign-in and every token end. Keys they created stay (created_by keeps the id); the email may go to a new user with a new id.',
);

export const IssuancePolicySchema = z
  .object({
    max_key_lifetime_days: z.number().int().nullable(),
    allow_never_expiring_keys: z.boolean(),
    write_scopes_require_ip_allowlist: z.boolean(),
    user_token_ttl_seconds: z.number().int(),
    service_token_ttl_seconds: z.number().int(),
    leak_action: z
      .enum(LEAK_ACTIONS)
      .optional()
      .describe('What a leak report of a live secret does (absent from events recorded before it existed).'),
    dormant_after_days: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('Absent in events recorded before the rule existed.'),
  })
  .describe("An organisation's issuance policy, in full (the body of GET /admin/policy).");

export const PolicyUpdatedDataSchema = ChangeContextSchema.extend({
  from: IssuancePolicySchema,
  to: IssuancePolicySchema,
  changes: z.array(IssuancePolicySchema.keyof()).describe('The rules whose value changed.'),
}).describe(
  'The issuance policy replaced (PUT /admin/policy), with both versions; only when a rule changed.',
);

export const TokenIssuedDataSchema = z
  .object({
    kind: z
      .enum(['access_token', 'user_token'])
      .describe(
        'access_token: a key exchanged at POST /auth/token; user_token: a sign-in (POST /auth/login, POST /auth/password).',
      ),
    actor: ActorSchema.describe('The key (access tokens) or the user (user tokens) the tokens stand for.'),
    key_id: z.string().optional().describe('access_token only.'),
    secret_id: z
      .string()
      .optional()
      .describe('access_token only: the secret the tokens were exchanged with (their sid).'),
    user_id: z.string().optional().describe('user_token only.'),
    count: z.number().int().min(1),
    window_start: timestamp,
    window_end: timestamp,
    first_at: timestamp,
    last_at: timestamp,
    by_ip: counts.describe('Client address → count (at most 20; the rest under `other`).'),
  })
  .describe(
    "Tokens issued for one credential over one window (ISSUANCE_WINDOW_SECONDS): every issuance is counted before the token is handed out; a window's count may arrive in more than one event (sum them: each event's count is exact, none is counted twice). Never a token.",
  );

export const DataChangedDataSchema = z
  .object({
    resource: z.enum(['projects', 'leads', 'invoices', 'transactions', 'webhook_events']),
    id: z.string(),
    action: z.enum(['created', 'updated']),
    changes: z.array(z.string()).optional().describe('The fields written (not for webhook_events).'),
    connection_id: z
      .string()
      .optional()
      .describe('webhook_events only: the webhook connection that delivered it.'),
    actor: ActorSchema,
    key_id: z.string().optional(),
    request_id: z.string(),
    client_request_id: z.string().optional(),
  })
  .describe('Which key or user changed which row.');

export const NotificationEndpointChangedDataSchema = ChangeContextSchema.extend({
  endpoint_id: z.string(),
  action: z.enum(['created', 'updated', 'deleted', 'secret_rotated']),
  url: z.string().describe('Where deliveries go (after the change; before it for deleted).'),
  event_types: z.array(z.string()).describe('The event types it is subscribed to.'),
  changes: z
    .array(z.enum(['url', 'event_types', 'description']))
    .optional()
    .describe('updated only: the fields whose value changed.'),
}).describe(
  'A notification endpoint created, changed, deleted or given a new signing secret (ADR 0027). Never the secret.',
);

export const KeysBulkRevokedDataSchema = ChangeContextSchema.extend({
  plan_id: z.string().describe('The revocation plan (`rvp_…`) the dry run stored and this execution used.'),
  count: z.number().int().nonnegative().describe('How many keys were revoked (one `key.revoked` each).'),
  key_ids: z.array(z.string()).describe('The keys revoked.'),
  skipped_key_ids: z
    .array(z.string())
    .describe(
      'Keys of the plan revoked or deleted between the dry run and the execution: left as they were.',
    ),
  filter: z
    .record(z.string(), z.unknown())
    .describe('The filter of the dry run, as given (POST /admin/keys/bulk-revoke).'),
  reason: z.string(),
  planned_by: ActorSchema.describe('Who ran the dry run (the actor of this event executed it).'),
}).describe(
  'Keys revoked together from one dry-run plan: one `key.revoked` per key goes with it, in the same transaction.',
);

/** The one map from event type to the schema of its `data`: what producers must emit. */
export const EventDataSchemas = {
  [EventType.KeyCreated]: KeyCreatedDataSchema,
  [EventType.KeyUpdated]: KeyUpdatedDataSchema,
  [EventType.KeyRotated]: KeyRotatedDataSchema,
  [EventType.KeyRevoked]: KeyRevokedDataSchema,
  [EventType.KeyDeleted]: KeyDeletedDataSchema,
  [EventType.KeyExpired]: KeyExpiredDataSchema,
  [EventType.KeyExpiring]: KeyExpiringDataSchema,
  [EventType.KeyDormant]: KeyDormantDataSchema,
  [EventType.KeyEnabled]: KeyEnabledDataSchema,
  [EventType.KeyUsed]: KeyUsedDataSchema,
  [EventType.KeyLeaked]: KeyLeakedDataSchema,
  [EventType.AuthDenied]: AuthDeniedDataSchema,
  [EventType.KeyCanaryTripped]: KeyCanaryTrippedDataSchema,
  [EventType.UserCreated]: UserCreatedDataSchema,
  [EventType.UserRoleChanged]: UserRoleChangedDataSchema,
  [EventType.UserStatusChanged]: UserStatusChangedDataSchema,
  [EventType.UserPasswordChanged]: UserPasswordChangedDataSchema,
  [EventType.UserRemoved]: UserRemovedDataSchema,
  [EventType.PolicyUpdated]: PolicyUpdatedDataSchema,
  [EventType.TokenIssued]: TokenIssuedDataSchema,
  [EventType.DataChanged]: DataChangedDataSchema,
  [EventType.NotificationEndpointChanged]: NotificationEndpointChangedDataSchema,
  [EventType.KeysBulkRevoked]: KeysBulkRevokedDataSchema,
} as const satisfies Record<EventType, z.ZodType>;

/** The `data` of an event of type `T`, as producers emit it and consumers receive it. */
export type EventData<T extends EventType> = z.infer<(typeof EventDataSchemas)[T]>;

/** CloudEvents 1.0 structured-mode envelope (JSON): the attributes every event carries. */
export const CloudEventEnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).describe('Event id (`evt_…`), also the Nats-Msg-Id. De-duplicate by it.'),
  source: z
    .string()
    .min(1)
    .meta({ examples: ['latchkey/identity', 'latchkey/gateway', 'latchkey/data-api'] }),
  type: z
    .string()
    .min(1)
    .describe('`dev.latchkey.` + the event type')
    .meta({ examples: ['dev.latchkey.key.revoked'] }),
  subject: z.string().optional().describe('What the event is about (usually a key, user or row id).'),
  time: timestamp,
  datacontenttype: z.literal('application/json'),
  orgid: z
    .string()
    .min(1)
    .describe(
      'Extension attribute: the organisation the event belongs to (`unknown` for refusals tied to none).',
    ),
  data: z.record(z.string(), z.unknown()),
});

/** Why an event's `data` does not match its type's schema, or undefined when it does. */
export function eventDataProblem(type: EventType, data: unknown): string | undefined {
  const result = EventDataSchemas[type].safeParse(data);
  if (result.success) return undefined;
  return result.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
}
