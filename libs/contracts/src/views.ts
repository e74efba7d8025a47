import { z } from 'zod';
import { DENIAL_REASONS, KeyStateSchema, UserRoleSchema } from './event-schemas';

/**
 * Response bodies of the HTTP contract that more than one side reads: the services build them,
 * the console (and any typed client) consumes them. Each is a zod schema, the one a route declares
 * for its answer (see http/route.ts): the service's answer is serialised through it, so a field it
 * does not name never leaves (a secret added to a view by mistake is dropped, not sent). The types
 * of the same names are inferred from the schemas. Wire names, like error codes: never rename.
 * Never a secret or a hash, except `IssuedSecret` on the one response that issues it.
 */

/** An instant as the services write it: RFC 3339, UTC (`Date.toISOString()`). */
const instant = () => z.iso.datetime({ offset: true });

export const keyEnvironmentSchema = z.enum(['live', 'test']);
export type KeyEnvironment = z.infer<typeof keyEnvironmentSchema>;
export const keyStatusSchema = z.enum(['active', 'revoked', 'expired', 'dormant']);
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const rateLimitViewSchema = z.object({
  limit: z.number().int(),
  window_seconds: z.number().int(),
});
export type RateLimitView = z.infer<typeof rateLimitViewSchema>;

/** `GET /admin/keys/:id`, each item of `GET /admin/keys`. */
export const keyViewSchema = z.object({
  id: z.string(),
  public_id: z.string(),
  prefix: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  environment: keyEnvironmentSchema,
  status: keyStatusSchema,
  /** Active and expiring within seven days. */
  expiring_soon: z.boolean().describe('Active and expiring within seven days'),
  scopes: z.array(z.string()),
  allowed_paths: z.array(z.string()),
  allowed_ips: z.array(z.string()),
  rate_limit: rateLimitViewSchema,
  webhook_connection_id: z.string().nullable(),
  created_by: z.string(),
  created_at: instant(),
  updated_at: instant(),
  expires_at: instant().nullable(),
  last_used_at: instant().nullable(),
  revoked_at: instant().nullable(),
  revoked_reason: z.string().nullable(),
  leaked_at: instant()
    .nullable()
    .describe('When a live secret of the key was last reported found in public (POST /security/leaks)'),
  leak: z
    .object({
      url: z.string().describe('Where it was found, as the report said (may be empty)'),
      source: z.string().describe('content, commit, gist, … as the report said (may be empty)'),
      type: z.string().describe("The report's token type"),
      action: z.enum(['revoke', 'quarantine', 'report']).describe('What the leak policy did'),
    })
    .nullable()
    .describe('The last leak report of the key and what was done; null when none'),
  quarantined: z
    .boolean()
    .describe('Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined)'),
  dormant_at: instant()
    .nullable()
    .describe('When the key was disabled as unused (status dormant); null otherwise'),
  canary: z
    .boolean()
    .describe(
      'A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped',
    ),
});
export type KeyView = z.infer<typeof keyViewSchema>;

/** What create, rotate and webhook create/regenerate add: the secret, shown this once. */
export const issuedSecretSchema = z.object({
  secret: z.string().describe('The secret, shown this once: store it now'),
});
export type IssuedSecret = z.infer<typeof issuedSecretSchema>;

/**
 * How many gateway replicas confirmed a change that must hold at once: a revocation, a rotation
 * (the old secret's access tokens), a user's role, status or password change, a user's removal.
 */
export const propagationViewSchema = z.object({
  replicas_confirmed: z.number().int(),
  replicas_known: z.number().int(),
});
export type PropagationView = z.infer<typeof propagationViewSchema>;

/** `POST /admin/keys`: the key and its secret. */
export const createdKeyViewSchema = keyViewSchema.extend(issuedSecretSchema.shape);
export type CreatedKeyView = z.infer<typeof createdKeyViewSchema>;

/** `POST /admin/keys/:id/revoke`: how many gateway replicas confirmed they evicted the key. */
export const revocationViewSchema = keyViewSchema.extend(propagationViewSchema.shape);
export type RevocationView = z.infer<typeof revocationViewSchema>;

/** `POST /admin/keys/:id/rotate`: the new secret, the old one's grace end, and the propagation. */
export const rotationViewSchema = keyViewSchema
  .extend(issuedSecretSchema.shape)
  .extend(propagationViewSchema.shape)
  .extend({ previous_secret_valid_until: instant() });
export type RotationView = z.infer<typeof rotationViewSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: UserRoleSchema,
  kind: z.enum(['human', 'service']),
  status: z.enum(['active', 'disabled']),
  created_at: instant(),
  updated_at: instant(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** A user changed in a way every gateway replica must see at once (role, status, password). */
export const userChangeViewSchema = userViewSchema.extend(propagationViewSchema.partial().shape);
export type UserChangeView = z.infer<typeof userChangeViewSchema>;

/** `DELETE /admin/users/:id`. */
export const userRemovalViewSchema = z
  .object({ id: z.string(), removed: z.literal(true) })
  .extend(propagationViewSchema.shape);
export type UserRemovalView = z.infer<typeof userRemovalViewSchema>;

export const webhookConnectionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  key_id: z.string(),
  status: z.enum(['active', 'revoked']),
  /** Where the sender posts, e.g. `/v1/webhooks/whc_…/events`. */
  ingest_path: z.string().describe('Where the sender posts, e.g. /v1/webhooks/whc_…/events'),
  created_by: z.string(),
  created_at: instant(),
  revoked_at: instant().nullable(),
});
export type WebhookConnectionView = z.infer<typeof webhookConnectionViewSchema>;

export const issuancePolicyViewSchema = z.object({
  max_key_lifetime_days: z.number().int().nullable(),
  allow_never_expiring_keys: z.boolean(),
  write_scopes_require_ip_allowlist: z.boolean(),
  user_token_ttl_seconds: z.number().int(),
  service_token_ttl_seconds: z.number().int(),
  leak_action: z.enum(['revoke', 'quarantine', 'report']),
  dormant_after_days: z
    .number()
    .int()
    .nullable()
    .describe('Keys unused this many days are disabled as dormant until enabled; null: never'),
});
export type IssuancePolicyView = z.infer<typeof issuancePolicyViewSchema>;

/** `POST /auth/login`: a user token. */
export const userTokenViewSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires'),
});
export type UserTokenView = z.infer<typeof userTokenViewSchema>;

/** `POST /auth/token`: an access token standing for the key, with its scopes (space-separated). */
export const accessTokenViewSchema = userTokenViewSchema.extend({ scope: z.string() });
export type AccessTokenView = z.infer<typeof accessTokenViewSchema>;

/** A public key (Ed25519, RFC 8037): only public members are declared, so only they are sent. */
export const publicJwkViewSchema = z.object({
  kty: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
});
export type PublicJwkView = z.infer<typeof publicJwkViewSchema>;

/**
 * `GET /.well-known/jwks.json`: the public keys that verify tokens; also the shape of
 * `GET /.well-known/audit-checkpoint-keys.json`, the keys that verify audit checkpoints and cuts.
 */
export const jwksViewSchema = z.object({ keys: z.array(publicJwkViewSchema) });
export type JwksView = z.infer<typeof jwksViewSchema>;

/** Each item of `GET /audit/events` and of the live tail's `data:` lines. */
export const auditEventViewSchema = z.object({
  id: z.string(),
  /** Arrival order in the store: the cursor and the SSE event id. */
  seq: z.number().int(),
  type: z.string(),
  source: z.string(),
  subject: z.string().nullable(),
  key_id: z.string().nullable(),
  actor_id: z.string().nullable(),
  outcome: z.string().nullable(),
  occurred_at: z.string(),
  received_at: z.string(),
  chain_seq: z.number().int(),
  hash: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

export const usageBucketViewSchema = z.object({
  bucket_start: z.string(),
  requests: z.number().int(),
  /** HTTP status → requests. */
  by_status: z.record(z.string(), z.number().int()),
});
export type UsageBucketView = z.infer<typeof usageBucketViewSchema>;

/** `GET /audit/keys/:id/usage`. */
export const keyUsageViewSchema = z.object({
  key_id: z.string(),
  period: z.enum(['hour', 'day']),
  buckets: z.array(usageBucketViewSchema),
  total_requests: z.number().int(),
  last_used_at: z.string().nullable(),
  last_client_ip: z.string().nullable(),
});
export type KeyUsageView = z.infer<typeof keyUsageViewSchema>;

/**
 * `GET /admin/decisions/:id` (ADR 0023): why the gateway refused a request. A decision is the
 * aggregated refusal record the request was counted in (one tuple of key, reason, route and status
 * per gateway replica and flush window), readable once that window is flushed.
 */
export const decisionViewSchema = z.object({
  decision_id: z.string(),
  outcome: z.literal('denied'),
  reason: z
    .enum(DENIAL_REASONS)
    .describe('The rule that decided (the real reason; the caller saw only the error code)'),
  explanation: z.string().describe('The rule in words: which scope was missing, which limit and window, …'),
  error_code: z.string().describe('The code the caller was answered with'),
  status: z.number().int(),
  key_id: z.string().nullable().describe('The key the credential named, when it named a known one'),
  route: z.string(),
  required_scope: z.string().nullable().describe('insufficient_scope: the scope the route requires'),
  rate_limit: rateLimitViewSchema.nullable().describe("rate_limited: the key's limit and window"),
  method: z.string(),
  path: z.string().describe('The first refused request of the record: its path as sent, never the query'),
  client_ip: z.string(),
  request_id: z.string().describe('The first refused request of the record'),
  first_at: instant(),
  last_at: instant(),
  count: z.number().int().describe('Refusals the record counted (the same decision)'),
  key_state: KeyStateSchema.nullable().describe(
    "The key's state when it was decided on. Never a secret or hash",
  ),
  gateway: z.string(),
  audit_event_id: z.string().describe('The auth.denied event that holds the record'),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

/**
 * `POST /admin/keys/:id/simulate` (ADR 0023): what the gateway would decide for a request with this
 * key, by the same decision functions, without counting usage or taking from the rate limit.
 */
export const simulationViewSchema = z.object({
  outcome: z
    .enum(['allowed', 'denied', 'no_route'])
    .describe(
      'allowed: forwarded to the service; denied: refused by the gateway; no_route: answered 404 or 405',
    ),
  status: z
    .number()
    .int()
    .nullable()
    .describe('The gateway’s answer; null when the request would be forwarded'),
  reason: z.enum(DENIAL_REASONS).nullable(),
  error_code: z.string().nullable(),
  explanation: z.string(),
  route: z.string().nullable().describe('The matched route (`GET /v1/projects/:id`)'),
  required_scope: z.string().nullable(),
  rate_limit: rateLimitViewSchema.extend({ remaining: z.number().int() }),
  key_state: KeyStateSchema,
});
export type SimulationView = z.infer<typeof simulationViewSchema>;

/** A page of a cursor-paginated list of `item`; `next_cursor` is null on the last page. */
export function pageViewSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable().optional() });
}

/** A page of a cursor-paginated list; `next_cursor` is null on the last page. */
export interface PageView<T> {
  data: T[];
  next_cursor?: string | null;
}

/**
 * The first link of an organisation's hash chain that does not verify. `id` is the event's, or
 * empty when the link is missing (`truncated`) or is a retention cut (`cut_unsigned`).
 * - `hash_mismatch`: the event's fields no longer give its stored hash (it was changed);
 * - `prev_hash_mismatch`, `gap`: an event was changed, removed or inserted before it;
 * - `checkpoint_mismatch`: the chain was rewritten (hashes recomputed) before a signed checkpoint;
 * - `checkpoint_unsigned`, `cut_unsigned`: a checkpoint or retention cut its signature does not
 *   cover, as that kind (a checkpoint's signature on a cut is `cut_unsigned`);
 * - `cut_discontinuous`: the retention cut does not join the chain it cuts: an event remains at or
 *   before it, the cuts do not account for every event before it, a checkpoint signed at its
 *   position names another hash, or the first event after it does not continue it;
 * - `truncated`: the chain ends before a signed checkpoint (events were cut off its end).
 */
export const brokenLinkViewSchema = z.object({
  id: z.string(),
  chain_seq: z.number().int(),
  reason: z.enum([
    'hash_mismatch',
    'prev_hash_mismatch',
    'gap',
    'checkpoint_mismatch',
    'checkpoint_unsigned',
    'cut_unsigned',
    'cut_discontinuous',
    'truncated',
  ]),
  expected: z.string(),
  stored: z.string(),
});
export type BrokenLinkView = z.infer<typeof brokenLinkViewSchema>;

/** The chain recomputed from its start (or its last retention cut). */
export const chainReportViewSchema = z.object({
  org_id: z.string(),
  ok: z.boolean(),
  checked: z.number().int(),
  /** Signed checkpoints found on the chain and matched (0 without the public key). */
  checkpoints_checked: z.number().int(),
  /**
   * Of the checkpoints and the cut checked, those signed before signatures named their purpose
   * (ADR 0016): accepted by their payload's shape. 0 once retention has cut past them.
   */
  legacy_signatures: z.number().int(),
  /** Where verification started: the genesis, or the last retention cut. */
  from_chain_seq: z.number().int(),
  head: z.object({ chain_seq: z.number().int(), hash: z.string() }).nullable(),
  first_broken: brokenLinkViewSchema.nullable(),
});
export type ChainReportView = z.infer<typeof chainReportViewSchema>;

/** A signed checkpoint: a compact JWS over the chain's head at `chain_seq`, by the key `kid`. */
export const checkpointViewSchema = z.object({
  chain_seq: z.number().int(),
  hash: z.string(),
  signed_at: z.string(),
  kid: z.string(),
  signature: z.string(),
});
export type CheckpointView = z.infer<typeof checkpointViewSchema>;

/** `GET /audit/verify`: the report and the newest signed checkpoint, checked against the public key. */
export const chainVerificationViewSchema = chainReportViewSchema.extend({
  latest_checkpoint: checkpointViewSchema.extend({ signature_valid: z.boolean() }).nullable(),
});
export type ChainVerificationView = z.infer<typeof chainVerificationViewSchema>;

/** `GET /audit/checkpoints`: the newest checkpoints first, and the key that signs new ones. */
export const checkpointListViewSchema = z.object({
  public_key: publicJwkViewSchema,
  data: z.array(checkpointViewSchema),
});
export type CheckpointListView = z.infer<typeof checkpointListViewSchema>;

/** A key of a revocation plan that was left as it was when the plan ran. */
export const skippedKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  reason: z
    .enum(['already_revoked', 'deleted'])
    .describe('Revoked or deleted between the dry run and the execution.'),
});
export type SkippedKeyView = z.infer<typeof skippedKeyViewSchema>;

/** `POST /admin/keys/bulk-revoke` with `dry_run: true`: the keys it would revoke, kept as a plan. */
export const revocationPlanViewSchema = z.object({
  plan_id: z.string().describe('Execute exactly these keys with `{ "plan_id": … }` before `expires_at`.'),
  dry_run: z.literal(true),
  count: z.number().int(),
  keys: z.array(keyViewSchema).describe('Every key the plan revokes; never a secret.'),
  filter: z.record(z.string(), z.unknown()),
  reason: z.string(),
  created_at: instant(),
  expires_at: instant(),
});
export type RevocationPlanView = z.infer<typeof revocationPlanViewSchema>;

/** `POST /admin/keys/bulk-revoke` with `plan_id`: what the plan revoked, and the propagation. */
export const bulkRevocationViewSchema = z
  .object({
    plan_id: z.string(),
    dry_run: z.literal(false),
    count: z.number().int().describe('How many keys this execution revoked.'),
    revoked: z.array(keyViewSchema),
    skipped: z.array(skippedKeyViewSchema),
  })
  .extend(propagationViewSchema.shape);
export type BulkRevocationView = z.infer<typeof bulkRevocationViewSchema>;

/** `GET /admin/keys/:id/recommendation`: granted against exercised over the window (ADR 0026). */
export const keyRecommendationViewSchema = z.object({
  key_id: z.string(),
  window_days: z.number().int(),
  observed_since: instant(),
  requests: z.number().int().describe('Requests observed in the window (0: nothing is proposed).'),
  exercised: z.object({
    routes: z.array(z.string()).describe('Route labels the key called (`GET /v1/projects/:id`).'),
    scopes: z.array(z.string()).describe('The scopes those routes require.'),
    ips: z.array(z.string()),
  }),
  unused_scopes: z.array(z.string()),
  unmatched_paths: z.array(z.string()).describe('allowed_paths patterns no called route could match.'),
  unseen_ips: z.array(z.string()).describe('allowed_ips entries no request came from.'),
  rate_limit: z.object({
    current: rateLimitViewSchema,
    observed_peak: z
      .number()
      .int()
      .describe("The most requests in one of the key's windows (from per-minute counts)."),
    suggested: rateLimitViewSchema
      .nullable()
      .describe('The peak with 2× headroom, when lower than the current limit.'),
  }),
  proposed: z
    .object({
      scopes: z.array(z.string()).optional(),
      allowed_paths: z.array(z.string()).optional(),
      allowed_ips: z.array(z.string()).optional(),
      rate_limit: rateLimitViewSchema.optional(),
    })
    .describe('A ready PATCH /admin/keys/:id body narrowing the key; empty when nothing can be narrowed.'),
});
export type KeyRecommendationView = z.infer<typeof keyRecommendationViewSchema>;
