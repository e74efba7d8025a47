import { z } from 'zod';
import {
  accessTokenViewSchema,
  createdKeyViewSchema,
  defineRoute,
  idParams,
  issuancePolicyViewSchema,
  jwksViewSchema,
  keyViewSchema,
  pageViewSchema,
  revocationViewSchema,
  rotationViewSchema,
  userChangeViewSchema,
  userRemovalViewSchema,
  userTokenViewSchema,
  userViewSchema,
  webhookConnectionViewSchema,
  bulkRevocationViewSchema,
  keyRecommendationViewSchema,
  revocationPlanViewSchema,
  issuedSecretSchema,
  propagationViewSchema,
  MANAGING_ROLES,
  READING_ROLES,
  text,
  USER_ROLES,
  type Route,
} from '@latchkey/contracts';
import { bulkRevokeRequest } from './bulk-revoke-requests';
import { issuancePolicySchema } from './issuance-policy';
import {
  createKeyRequest,
  listKeysQuery,
  revokeKeyRequest,
  rotateKeyRequest,
  updateKeyRequest,
} from './key-requests';
import {
  createUserRequest,
  listUsersQuery,
  newPassword,
  resetPasswordRequest,
  updateUserRequest,
} from './user-requests';
import { NOTIFICATION_ROUTES } from './notification-routes';
import { createWebhookRequest } from './webhook-requests';
import { leakReportBody, leakReportHeaders, leakVerdictsView } from './leak-reports';

/**
 * Every route identity serves, declared once (ADR 0018): identity's controllers serve them with
 * @IdentityEndpoint and its OpenAPI document is built from this list.
 */

const managers = { kind: 'user', roles: MANAGING_ROLES } as const;
const signedIn = { kind: 'user', roles: USER_ROLES } as const;
/**
 * Reading the organisation's keys (never a secret), users, webhook connections and policy: every
 * role (ADR 0019). Every write stays with the managers.
 */
const readers = { kind: 'user', roles: READING_ROLES } as const;

// ---- auth ----------------------------------------------------------------------------------------

export const loginBody = z.strictObject({
  email: z.email().max(320),
  password: text().min(1).max(1024),
});

export const tokenBody = z.union([
  z.strictObject({ api_key: text().min(1).max(200) }),
  z.strictObject({ public_id: text().min(1).max(200), secret: text().min(1).max(200) }),
]);

export const changePasswordBody = z.strictObject({
  current_password: text().min(1).max(1024),
  new_password: newPassword,
});

export const login = defineRoute({
  method: 'POST',
  path: '/auth/login',
  operationId: 'login',
  summary: 'Sign in: a user token (throttled per account and source, with growing delays)',
  tags: ['auth'],
  access: { kind: 'public' },
  body: loginBody,
  responses: { 200: userTokenViewSchema },
  problems: {
    401: 'invalid_credentials: unknown email, wrong password or disabled user',
    429: 'rate_limited: too many failed sign-ins for the account or source, with Retry-After',
  },
  examples: {
    request: { email: 'owner@acme.example', password: 'correct horse battery staple' },
    response: { access_token: 'eyJhbGciOiJFZERTQSJ9…', token_type: 'Bearer', expires_in: 43200 },
  },
});

export const changePassword = defineRoute({
  method: 'POST',
  path: '/auth/password',
  operationId: 'changePassword',
  summary:
    'Change your own password (with the current one): every token you held stops working; the answer holds a new token',
  tags: ['auth'],
  access: signedIn,
  body: changePasswordBody,
  responses: { 200: userTokenViewSchema.extend(propagationViewSchema.shape) },
  problems: { 403: 'forbidden: current_password does not match' },
});

export const exchangeToken = defineRoute({
  method: 'POST',
  path: '/auth/token',
  operationId: 'exchangeToken',
  summary:
    'Exchange an API key (or public id + secret) for a short-lived access token; it ends when its secret ends',
  tags: ['auth'],
  access: { kind: 'public' },
  body: tokenBody,
  responses: { 200: accessTokenViewSchema },
  problems: {
    401: 'invalid_api_key: missing, malformed, unknown, expired or revoked',
    429: 'rate_limited: too many failed exchanges from the source, with Retry-After',
  },
});

export const jwks = defineRoute({
  method: 'GET',
  path: '/.well-known/jwks.json',
  operationId: 'getJwks',
  summary: 'Token verification keys',
  tags: ['auth'],
  access: { kind: 'public' },
  responses: { 200: jwksViewSchema },
});

// ---- keys ----------------------------------------------------------------------------------------

export const createKey = defineRoute({
  method: 'POST',
  path: '/admin/keys',
  operationId: 'createKey',
  summary: 'Create a key; the only response that holds its secret',
  tags: ['keys'],
  access: managers,
  body: createKeyRequest,
  responses: { 201: createdKeyViewSchema },
  examples: {
    request: { name: 'CRM sync', scopes: ['leads:read'], expires_in_days: 90 },
  },
});

export const listKeys = defineRoute({
  method: 'GET',
  path: '/admin/keys',
  operationId: 'listKeys',
  summary: 'List keys (filters, cursor); never a secret',
  tags: ['keys'],
  access: readers,
  query: listKeysQuery,
  responses: { 200: pageViewSchema(keyViewSchema) },
});

export const getKey = defineRoute({
  method: 'GET',
  path: '/admin/keys/:id',
  operationId: 'getKey',
  summary: 'Read a key; never its secret',
  tags: ['keys'],
  access: readers,
  params: idParams,
  responses: { 200: keyViewSchema },
});

export const findKeyBySecretBody = z.strictObject({
  // Bounded well above a secret's length: anything longer is refused as input, never hashed.
  secret: text().min(1).max(200),
});

export const findKeyBySecret = defineRoute({
  method: 'POST',
  path: '/admin/keys/lookup',
  operationId: 'findKeyBySecret',
  summary:
    'Find the key a secret belongs to (in a body, never a URL): the key of your organisation, never its secret or hash',
  description:
    'The secret is checked for format and checksum, hashed on the server and never stored or logged. A secret of another organisation answers `not_found`, exactly as an unknown one. A revoked or expired key is found, with its status. See ADR 0020.',
  tags: ['keys'],
  access: readers,
  body: findKeyBySecretBody,
  responses: { 200: keyViewSchema },
  problems: {
    400: 'invalid_request: not a Latchkey secret (its shape or checksum is wrong)',
    404: 'not_found: no key of your organisation has this secret',
  },
  examples: {
    request: { secret: 'lk_live_…' },
  },
});

export const updateKey = defineRoute({
  method: 'PATCH',
  path: '/admin/keys/:id',
  operationId: 'updateKey',
  summary: 'Change name, description, scopes, allowed paths and IPs, rate limit',
  tags: ['keys'],
  access: managers,
  params: idParams,
  body: updateKeyRequest,
  responses: { 200: keyViewSchema },
  problems: { 409: 'conflict: the key is revoked' },
});

export const rotateKey = defineRoute({
  method: 'POST',
  path: '/admin/keys/:id/rotate',
  operationId: 'rotateKey',
  summary:
    'New secret; the old one and its access tokens work until grace_seconds (0 = regenerate); reports how many gateway replicas confirmed',
  tags: ['keys'],
  access: managers,
  params: idParams,
  body: rotateKeyRequest,
  bodyOptional: true,
  responses: { 200: rotationViewSchema },
  problems: { 409: 'conflict: the key is revoked' },
});

export const revokeKey = defineRoute({
  method: 'POST',
  path: '/admin/keys/:id/revoke',
  operationId: 'revokeKey',
  summary: 'Revoke now; reports how many gateway replicas confirmed',
  tags: ['keys'],
  access: managers,
  params: idParams,
  body: revokeKeyRequest,
  responses: { 200: revocationViewSchema },
});

export const enableKey = defineRoute({
  method: 'POST',
  path: '/admin/keys/:id/enable',
  operationId: 'enableKey',
  summary:
    'Enable a dormant key: it works again at once and its dormancy clock restarts; reports how many gateway replicas confirmed',
  tags: ['keys'],
  access: managers,
  params: idParams,
  responses: { 200: revocationViewSchema },
  problems: { 409: 'conflict: the key is not dormant' },
});

export const deleteKey = defineRoute({
  method: 'DELETE',
  path: '/admin/keys/:id',
  operationId: 'deleteKey',
  summary: 'Revoke and hide; the audit trail stays',
  tags: ['keys'],
  access: managers,
  params: idParams,
  responses: { 204: null },
});

export const bulkRevokeKeys = defineRoute({
  method: 'POST',
  path: '/admin/keys/bulk-revoke',
  operationId: 'bulkRevokeKeys',
  summary:
    'Revoke many keys by filter: a dry run lists them and stores a plan (15 minutes, single use); executing the plan revokes exactly its keys in one change and reports how many gateway replicas confirmed',
  tags: ['keys'],
  access: managers,
  body: bulkRevokeRequest,
  responses: { 200: z.union([revocationPlanViewSchema, bulkRevocationViewSchema]) },
  problems: {
    400: 'invalid_request: the filter matches more keys than a plan may hold',
    404: 'not_found: no such plan in your organisation',
    409: 'conflict: the plan was already executed, or has expired (run the dry run again)',
  },
  examples: {
    request: { dry_run: true, filter: { last_used_from: '203.0.113.0/24' }, reason: 'leaked CI runner' },
  },
});

export const recommendKey = defineRoute({
  method: 'GET',
  path: '/admin/keys/:id/recommendation',
  operationId: 'recommendKey',
  summary:
    'Least privilege: what the key was granted and did not exercise over the last 30 days (scopes, paths, addresses, rate), with a ready PATCH body',
  tags: ['keys'],
  // A read like the key itself (ADR 0019): applying it is the PATCH, which only managers may send.
  access: readers,
  params: idParams,
  responses: { 200: keyRecommendationViewSchema },
});

// ---- users ---------------------------------------------------------------------------------------

export const listUsers = defineRoute({
  method: 'GET',
  path: '/admin/users',
  operationId: 'listUsers',
  summary: 'List members',
  tags: ['users'],
  access: readers,
  query: listUsersQuery,
  responses: { 200: pageViewSchema(userViewSchema) },
});

export const getUser = defineRoute({
  method: 'GET',
  path: '/admin/users/:id',
  operationId: 'getUser',
  summary: 'Read a member',
  tags: ['users'],
  access: readers,
  params: idParams,
  responses: { 200: userViewSchema },
});

export const createUser = defineRoute({
  method: 'POST',
  path: '/admin/users',
  operationId: 'createUser',
  summary: 'Create a member (never above your own role)',
  tags: ['users'],
  access: managers,
  body: createUserRequest,
  responses: { 201: userViewSchema },
  problems: { 409: 'conflict: a user with this email exists' },
});

export const updateUser = defineRoute({
  method: 'PATCH',
  path: '/admin/users/:id',
  operationId: 'updateUser',
  summary:
    "Change name, role or status; a role or status change ends the member's tokens and reports how many gateway replicas confirmed",
  tags: ['users'],
  access: managers,
  params: idParams,
  body: updateUserRequest,
  responses: { 200: userChangeViewSchema },
  problems: { 409: 'conflict: an organisation keeps at least one active owner' },
});

export const resetUserPassword = defineRoute({
  method: 'POST',
  path: '/admin/users/:id/password',
  operationId: 'resetUserPassword',
  summary: "Set a member's password (not your own); every token they held stops working",
  tags: ['users'],
  access: managers,
  params: idParams,
  body: resetPasswordRequest,
  responses: { 200: userViewSchema.extend(propagationViewSchema.shape) },
});

export const removeUser = defineRoute({
  method: 'DELETE',
  path: '/admin/users/:id',
  operationId: 'removeUser',
  summary:
    'Remove a member: no more sign-in, every token stops working; their keys stay; reports how many gateway replicas confirmed',
  tags: ['users'],
  access: managers,
  params: idParams,
  responses: { 200: userRemovalViewSchema },
  problems: { 409: 'conflict: an organisation keeps at least one active owner' },
});

// ---- policy --------------------------------------------------------------------------------------

export const getPolicy = defineRoute({
  method: 'GET',
  path: '/admin/policy',
  operationId: 'getPolicy',
  summary: 'The issuance policy',
  tags: ['policy'],
  access: readers,
  responses: { 200: issuancePolicyViewSchema },
});

export const replacePolicy = defineRoute({
  method: 'PUT',
  path: '/admin/policy',
  operationId: 'replacePolicy',
  summary: 'Replace the issuance policy (audited as policy.updated with the old and new values)',
  tags: ['policy'],
  access: managers,
  body: issuancePolicySchema,
  responses: { 200: issuancePolicyViewSchema },
});

// ---- webhook connections -------------------------------------------------------------------------

export const createWebhook = defineRoute({
  method: 'POST',
  path: '/admin/webhooks',
  operationId: 'createWebhookConnection',
  summary: 'Create a connection and its path-restricted key (secret shown once)',
  tags: ['webhooks'],
  access: managers,
  body: createWebhookRequest,
  responses: { 201: webhookConnectionViewSchema.extend(issuedSecretSchema.shape) },
});

export const listWebhooks = defineRoute({
  method: 'GET',
  path: '/admin/webhooks',
  operationId: 'listWebhookConnections',
  summary: 'List connections',
  tags: ['webhooks'],
  access: readers,
  responses: { 200: pageViewSchema(webhookConnectionViewSchema) },
});

export const getWebhook = defineRoute({
  method: 'GET',
  path: '/admin/webhooks/:id',
  operationId: 'getWebhookConnection',
  summary: 'Read a connection',
  tags: ['webhooks'],
  access: readers,
  params: idParams,
  responses: { 200: webhookConnectionViewSchema },
});

export const regenerateWebhook = defineRoute({
  method: 'POST',
  path: '/admin/webhooks/:id/regenerate',
  operationId: 'regenerateWebhookConnection',
  summary: 'New secret for the connection key; the old one dies at once',
  tags: ['webhooks'],
  access: managers,
  params: idParams,
  responses: {
    200: webhookConnectionViewSchema.extend(issuedSecretSchema.shape).extend(propagationViewSchema.shape),
  },
  problems: { 409: 'conflict: the connection is revoked' },
});

export const revokeWebhook = defineRoute({
  method: 'POST',
  path: '/admin/webhooks/:id/revoke',
  operationId: 'revokeWebhookConnection',
  summary: 'Revoke the connection and its key',
  tags: ['webhooks'],
  access: managers,
  params: idParams,
  responses: { 200: webhookConnectionViewSchema.extend(propagationViewSchema.shape) },
});

// ---- security ------------------------------------------------------------------------------------

export const reportLeaks = defineRoute({
  method: 'POST',
  path: '/security/leaks',
  operationId: 'reportLeaks',
  summary:
    "Report secrets found in public (GitHub secret scanning partner format); a live one is acted on by its organisation's leak_action",
  description:
    'No Latchkey credential: holding a live secret is the proof. When the GitHub-Public-Key-* headers are present the signature over the raw body must verify against a configured reporter key (401 invalid_signature otherwise). Answers one verdict per token, nothing more. Throttled per source.',
  tags: ['security'],
  access: { kind: 'public' },
  headers: leakReportHeaders,
  body: leakReportBody,
  responses: { 200: leakVerdictsView },
  problems: {
    401: 'invalid_signature: a signature header is present but does not verify against a configured reporter key',
    429: 'rate_limited: too many reports from the source, with Retry-After',
  },
  examples: {
    request: [
      {
        token: 'lk_live_…',
        type: 'latchkey_live_secret',
        url: 'https://github.com/octo/app/blob/abc123/.env',
        source: 'content',
      },
    ],
    response: [{ token_raw: 'lk_live_…', token_type: 'latchkey_live_secret', label: 'true_positive' }],
  },
});

/** Every route identity serves (but its own document, GET /openapi.json, which only the gateway reads). */
export const IDENTITY_ROUTES: readonly Route[] = [
  login,
  changePassword,
  exchangeToken,
  jwks,
  createKey,
  listKeys,
  getKey,
  findKeyBySecret,
  updateKey,
  rotateKey,
  revokeKey,
  enableKey,
  bulkRevokeKeys,
  recommendKey,
  deleteKey,
  listUsers,
  getUser,
  createUser,
  updateUser,
  resetUserPassword,
  removeUser,
  getPolicy,
  replacePolicy,
  createWebhook,
  listWebhooks,
  getWebhook,
  regenerateWebhook,
  revokeWebhook,
  reportLeaks,
  ...NOTIFICATION_ROUTES,
];
