import { z } from 'zod';

/**
 * Every id's type prefix: `prj_01J…` names a project. Wire names: ids are stored and handed out
 * with them, never change one. The one table; apps, routes and schemas take prefixes from here.
 */
export const IdPrefix = {
  Organisation: 'org',
  User: 'usr',
  ApiKey: 'key',
  Secret: 'sec',
  Project: 'prj',
  Lead: 'led',
  Invoice: 'inv',
  Transaction: 'txn',
  WebhookConnection: 'whc',
  WebhookEvent: 'whe',
  Event: 'evt',
  Decision: 'dcn',
  NotificationEndpoint: 'nep',
  NotificationDelivery: 'ndl',
  RevocationPlan: 'rvp',
} as const;
export type IdPrefix = (typeof IdPrefix)[keyof typeof IdPrefix];

/** The business resources of the data API and the prefix of their rows' ids. */
export const RESOURCE_ID_PREFIX = {
  projects: IdPrefix.Project,
  leads: IdPrefix.Lead,
  invoices: IdPrefix.Invoice,
  transactions: IdPrefix.Transaction,
} as const;
export type ResourceName = keyof typeof RESOURCE_ID_PREFIX;

/** An id: its prefix, `_` and a ULID (26 upper-case Crockford base-32 characters, creation-ordered). */
export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9A-Z]{26}$`);
}

const PATTERNS = new Map<IdPrefix, RegExp>(Object.values(IdPrefix).map((p) => [p, idPattern(p)]));

/** Is `value` an id of this kind? (Linear-time: a fixed pattern, never one built from input.) */
export function isIdOf(prefix: IdPrefix, value: unknown): value is string {
  return typeof value === 'string' && (PATTERNS.get(prefix) as RegExp).test(value);
}

/** Is `value` an id of any kind Latchkey issues? */
export function isAnyId(value: unknown): value is string {
  return typeof value === 'string' && Object.values(IdPrefix).some((p) => isIdOf(p, value));
}

/** The schema of an id of one kind, for request and message schemas. */
export function idSchema(prefix: IdPrefix, message = `not a ${prefix}_ id`) {
  return z.string().regex(idPattern(prefix), message);
}
