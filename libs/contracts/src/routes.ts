import type { GatewayAccess, HttpMethod } from './http/route';

/**
 * An entry of the gateway's route -> required scope table (API_ROUTES, in @latchkey/api-routes,
 * derived from the services' route declarations). A path not in the table is 404 at the gateway.
 */
export interface ApiRoute extends GatewayAccess {
  readonly method: HttpMethod;
  /** Path pattern; `:name` is one segment. */
  readonly path: string;
  readonly summary: string;
}

/** Public (no credential): the JWKS of the key that signs audit checkpoints and retention cuts. */
export const AUDIT_CHECKPOINT_KEYS_PATH = '/.well-known/audit-checkpoint-keys.json';
