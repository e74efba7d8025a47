import type { PageItem, paths } from '@latchkey/sdk';

/**
 * The gateway API's shapes the console reads and sends, named from the SDK's types, which are
 * generated from the product's OpenAPI document: a route that changes its answer changes these, and
 * the console stops compiling where it no longer fits.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M & keyof paths[P]]>;

/** The JSON body a route answers with on success (200 or 201). */
type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: { content: { 'application/json': infer B } } }
      ? B
      : R extends { 201: { content: { 'application/json': infer B } } }
        ? B
        : never
    : never;

/** The JSON body a route takes. */
type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters a GET route takes. */
type Query<P extends keyof paths> =
  Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type ApiKey = Answer<'/admin/keys/{id}', 'get'>;
export type Environment = ApiKey['environment'];
/** `POST /admin/keys`: the key and its secret, shown this once. */
export type IssuedKey = Answer<'/admin/keys', 'post'>;
/** `POST /admin/keys/:id/rotate` also says until when the previous secret works. */
export type RotatedKey = Answer<'/admin/keys/{id}/rotate', 'post'>;
export type RevokeResult = Answer<'/admin/keys/{id}/revoke', 'post'>;
/** `POST /admin/keys/:id/enable`: the key, active again, and how many gateway replicas confirmed. */
export type EnableResult = Answer<'/admin/keys/{id}/enable', 'post'>;
export type KeyListQuery = Query<'/admin/keys'>;
/** `GET /admin/keys/:id/recommendation`: granted against exercised, with a ready PATCH body. */
export type KeyRecommendation = Answer<'/admin/keys/{id}/recommendation', 'get'>;
/** `POST /admin/keys/bulk-revoke`: a dry run's plan, or what executing a plan revoked. */
type BulkRevokeAnswer = Answer<'/admin/keys/bulk-revoke', 'post'>;
export type RevocationPlan = Extract<BulkRevokeAnswer, { dry_run: true }>;
export type BulkRevocation = Extract<BulkRevokeAnswer, { dry_run: false }>;
export type KeyRevocationFilter = Extract<
  RequestBody<'/admin/keys/bulk-revoke', 'post'>,
  { dry_run: true }
>['filter'];
export type KeyCreateRequest = RequestBody<'/admin/keys', 'post'>;
export type KeyUpdateRequest = RequestBody<'/admin/keys/{id}', 'patch'>;
export type KeyRotateRequest = RequestBody<'/admin/keys/{id}/rotate', 'post'>;
/** The expiry members a create or rotate request shares. */
export type SimulationRequest = RequestBody<'/admin/keys/{id}/simulate', 'post'>;
export type Simulation = Answer<'/admin/keys/{id}/simulate', 'post'>;
export type Decision = Answer<'/admin/decisions/{id}', 'get'>;
export type ExpiryRequest = Pick<KeyCreateRequest, 'expires_at' | 'expires_in_days'>;

export type User = PageItem<'/admin/users'>;
export type UserRole = User['role'];
export type UserCreateRequest = RequestBody<'/admin/users', 'post'>;
export type UserUpdateRequest = RequestBody<'/admin/users/{id}', 'patch'>;

export type WebhookConnection = Answer<'/admin/webhooks/{id}', 'get'>;
export type IssuedWebhookConnection = Answer<'/admin/webhooks', 'post'>;
export type WebhookCreateRequest = RequestBody<'/admin/webhooks', 'post'>;

export type NotificationEndpoint = Answer<'/admin/notifications/endpoints/{id}', 'get'>;
export type IssuedNotificationEndpoint = Answer<'/admin/notifications/endpoints', 'post'>;
export type NotificationEndpointCreateRequest = RequestBody<'/admin/notifications/endpoints', 'post'>;
export type NotificationDelivery = Answer<
  '/admin/notifications/endpoints/{id}/deliveries',
  'get'
>['data'][number];

export type IssuancePolicy = Answer<'/admin/policy', 'get'>;
export type PolicyRequest = RequestBody<'/admin/policy', 'put'>;

export type AuditEventQuery = Query<'/audit/events'>;
export type AuditStreamQuery = Query<'/audit/events/stream'>;
export type KeyUsageQuery = Query<'/audit/keys/{id}/usage'>;

export type AuditEvent = PageItem<'/audit/events'>;
export type KeyUsage = Answer<'/audit/keys/{id}/usage', 'get'>;
export type UsageBucket = KeyUsage['buckets'][number];
export type ChainVerification = Answer<'/audit/verify', 'get'>;
