import { z } from 'zod';
import {
  cursorParam,
  IdPrefix,
  idPattern,
  isoDate,
  isoDateTime,
  text,
  type ResourceName,
} from '@latchkey/contracts';

/**
 * The data API's resources on the wire: what a create or update may send, how a list may be
 * filtered, and what a row looks like. Its routes are generated from these (data-api-routes.ts);
 * the data API maps them to its tables (apps/data-api resource-definitions.ts).
 */

export const PROJECT_STATUSES = ['active', 'archived'] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'won', 'lost'] as const;
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void'] as const;
export const TRANSACTION_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;

/** ISO 4217 codes this runtime knows (Intl's list, which follows the standard). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const currency = text()
  .length(3)
  .refine((code) => CURRENCIES.has(code), 'not an ISO 4217 currency code');
const amountMinor = z
  .number()
  .int('amount_minor: whole minor units')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER);
const id = (prefix: IdPrefix) => text().regex(idPattern(prefix), `not a ${prefix}_ id`);

/** A page of a list: `limit` rows at most, after the row the cursor names. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorParam(),
};

/** Fields every row has: provenance and timestamps (RFC 3339). */
const provenance = {
  created_by: z.string(),
  updated_by: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
};

export interface ResourceWire<N extends ResourceName = ResourceName> {
  /** Also names its ids' prefix (RESOURCE_ID_PREFIX in contracts). */
  readonly name: N;
  /** One row, for summaries (`Read a transaction`). */
  readonly singular: string;
  readonly statuses: readonly [string, ...string[]];
  /** Absent: the resource is read-only on the API (no POST or PATCH route). */
  readonly create?: z.ZodObject;
  readonly update?: z.ZodObject;
  /** Filters of the list route beyond status and time ranges: query parameter -> its schema. */
  readonly filters: Readonly<Record<string, z.ZodType>>;
  /** A row as the API sends it. */
  readonly view: z.ZodObject;
}

export const projectWire = {
  name: 'projects',
  singular: 'project',
  statuses: PROJECT_STATUSES,
  create: z.strictObject({
    name: text().trim().min(1).max(200),
    description: text().max(5000).nullable().optional(),
    status: z.enum(PROJECT_STATUSES).default('active'),
  }),
  update: z
    .strictObject({
      name: text().trim().min(1).max(200),
      description: text().max(5000).nullable(),
      status: z.enum(PROJECT_STATUSES),
    })
    .partial(),
  filters: {},
  view: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(PROJECT_STATUSES),
    ...provenance,
  }),
} as const satisfies ResourceWire<'projects'>;

export const leadWire = {
  name: 'leads',
  singular: 'lead',
  statuses: LEAD_STATUSES,
  create: z.strictObject({
    name: text().trim().min(1).max(200),
    email: z.email().max(320).nullable().optional(),
    company: text().max(200).nullable().optional(),
    status: z.enum(LEAD_STATUSES).default('new'),
    source: text().max(100).nullable().optional(),
    project_id: id(IdPrefix.Project).nullable().optional(),
  }),
  update: z
    .strictObject({
      name: text().trim().min(1).max(200),
      email: z.email().max(320).nullable(),
      company: text().max(200).nullable(),
      status: z.enum(LEAD_STATUSES),
      source: text().max(100).nullable(),
    })
    .partial(),
  filters: { project: id(IdPrefix.Project) },
  view: z.object({
    id: z.string(),
    project_id: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    company: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    source: z.string().nullable(),
    ...provenance,
  }),
} as const satisfies ResourceWire<'leads'>;

export const invoiceWire = {
  name: 'invoices',
  singular: 'invoice',
  statuses: INVOICE_STATUSES,
  create: z.strictObject({
    number: text().trim().min(1).max(64),
    amount_minor: amountMinor,
    currency,
    status: z.enum(INVOICE_STATUSES).default('draft'),
    due_date: isoDate().nullable().optional(),
    project_id: id(IdPrefix.Project).nullable().optional(),
    lead_id: id(IdPrefix.Lead).nullable().optional(),
  }),
  update: z
    .strictObject({
      amount_minor: amountMinor,
      currency,
      status: z.enum(INVOICE_STATUSES),
      due_date: isoDate().nullable(),
      lead_id: id(IdPrefix.Lead).nullable(),
    })
    .partial(),
  filters: { project: id(IdPrefix.Project), lead: id(IdPrefix.Lead) },
  view: z.object({
    id: z.string(),
    number: z.string(),
    amount_minor: z.number().int(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    due_date: z.iso.date().nullable(),
    project_id: z.string().nullable(),
    lead_id: z.string().nullable(),
    ...provenance,
  }),
} as const satisfies ResourceWire<'invoices'>;

export const transactionWire = {
  name: 'transactions',
  singular: 'transaction',
  statuses: TRANSACTION_STATUSES,
  filters: { project: id(IdPrefix.Project), invoice: id(IdPrefix.Invoice) },
  view: z.object({
    id: z.string(),
    amount_minor: z.number().int(),
    currency: z.string(),
    status: z.enum(TRANSACTION_STATUSES),
    occurred_at: z.iso.datetime(),
    project_id: z.string().nullable(),
    invoice_id: z.string().nullable(),
    ...provenance,
  }),
} as const satisfies ResourceWire<'transactions'>;

export const RESOURCE_WIRES: readonly ResourceWire[] = [projectWire, leadWire, invoiceWire, transactionWire];

/** The list route's query: a page, a status, time ranges, and the resource's own filters. */
export function listQueryOf(wire: ResourceWire) {
  const timestamp = isoDateTime();
  return z.strictObject({
    ...pageQuery,
    status: z.enum(wire.statuses).optional(),
    created_after: timestamp.optional(),
    created_before: timestamp.optional(),
    updated_after: timestamp.optional(),
    updated_before: timestamp.optional(),
    ...Object.fromEntries(Object.entries(wire.filters).map(([name, schema]) => [name, schema.optional()])),
  });
}

/** A page of rows, newest first, and the cursor of the next page (null on the last). */
export function pageOf<V extends z.ZodType>(view: V) {
  return z.object({ data: z.array(view), next_cursor: z.string().nullable() });
}

/** The webhook ingest route's Idempotency-Key header. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
export const idempotencyKey = text()
  .min(1)
  .max(IDEMPOTENCY_KEY_MAX_LENGTH)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** What the ingest route answers (and answers again, the same, to a retry with the same key). */
export const webhookEventReceiptSchema = z.object({
  id: z.string(),
  connection_id: z.string(),
  received_at: z.iso.datetime(),
  status: z.literal('accepted'),
});
export type WebhookEventReceipt = z.infer<typeof webhookEventReceiptSchema>;
