import { z } from 'zod';
import {
  defineRoute,
  idParams,
  IdPrefix,
  RESOURCE_ID_PREFIX,
  type ResourceName,
  type Route,
} from '@latchkey/contracts';
import {
  idempotencyKey,
  invoiceWire,
  leadWire,
  listQueryOf,
  pageOf,
  projectWire,
  transactionWire,
  webhookEventReceiptSchema,
  type ResourceWire,
} from './resource-schemas';

/**
 * Every route the data API serves, declared once (ADR 0018): the data API serves them with
 * @DataApiEndpoint, its OpenAPI document and the gateway's route table are built from this list.
 * The `/v1/<resource>` routes are generated from the resources' wire schemas, so a resource's
 * routes cannot differ in kind from another's.
 */

const capital = (word: string) => word[0]?.toUpperCase() + word.slice(1);
const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

const PROJECT_BOUND_403 =
  'insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed';

/** The routes of one resource: list and read, and create and update unless it is read-only. */
export interface ResourceRoutes {
  readonly list: Route;
  readonly get: Route;
  readonly create?: Route;
  readonly update?: Route;
}

export function resourceRoutesOf(wire: ResourceWire): ResourceRoutes {
  const path = `/v1/${wire.name}`;
  const one = `${path}/:id`;
  const Singular = capital(wire.singular);
  const scoped = (action: 'read' | 'write') =>
    ({ kind: 'key', scope: `${wire.name}:${action}`, upstream: 'data-api', projectRows: true }) as const;
  const instance = { instanceParam: 'id', instancePrefix: RESOURCE_ID_PREFIX[wire.name] } as const;
  const tags = [wire.name];
  return {
    list: defineRoute({
      method: 'GET',
      path,
      operationId: `list${capital(wire.name)}`,
      summary: `List ${wire.name}`,
      description: 'Newest first; `next_cursor` fetches the next page (null on the last).',
      tags,
      access: scoped('read'),
      query: listQueryOf(wire),
      responses: { 200: pageOf(wire.view) },
      problems: { 403: PROJECT_BOUND_403 },
    }),
    get: defineRoute({
      method: 'GET',
      path: one,
      operationId: `get${Singular}`,
      summary: `Read ${article(wire.singular)}`,
      tags,
      access: { ...scoped('read'), ...instance },
      params: idParams,
      responses: { 200: wire.view },
    }),
    ...(wire.create
      ? {
          create: defineRoute({
            method: 'POST',
            path,
            operationId: `create${Singular}`,
            summary: `Create ${article(wire.singular)}`,
            tags,
            access: scoped('write'),
            body: wire.create,
            responses: { 201: wire.view },
            problems: { 403: PROJECT_BOUND_403 },
          }),
        }
      : {}),
    ...(wire.update
      ? {
          update: defineRoute({
            method: 'PATCH',
            path: one,
            operationId: `update${Singular}`,
            summary: `Update ${article(wire.singular)}`,
            description: 'Last write wins: the fields sent are applied on top of the current row.',
            tags,
            access: { ...scoped('write'), ...instance },
            params: idParams,
            body: wire.update,
            responses: { 200: wire.view },
          }),
        }
      : {}),
  };
}

export const RESOURCE_ROUTES: Readonly<Record<ResourceName, ResourceRoutes>> = {
  projects: resourceRoutesOf(projectWire),
  leads: resourceRoutesOf(leadWire),
  invoices: resourceRoutesOf(invoiceWire),
  transactions: resourceRoutesOf(transactionWire),
};

export const ingestWebhookEvent = defineRoute({
  method: 'POST',
  path: '/v1/webhooks/:connection_id/events',
  operationId: 'ingestWebhookEvent',
  summary: 'Ingest a webhook event',
  description:
    'Stores the JSON payload as sent, with the sender’s signature headers. Answers 202 once it is stored; ' +
    'a retry with the same Idempotency-Key is stored once and answered as the first time ' +
    '(with `Idempotent-Replayed: true`).',
  tags: ['webhooks'],
  access: {
    kind: 'webhook',
    scope: 'webhooks:write',
    upstream: 'data-api',
    instanceParam: 'connection_id',
    instancePrefix: IdPrefix.WebhookConnection,
  },
  params: z.object({ connection_id: z.string() }),
  headers: z.object({ 'Idempotency-Key': idempotencyKey.optional() }),
  // Any JSON document: the sender's payload is stored as it came.
  body: z.unknown(),
  responses: { 202: webhookEventReceiptSchema },
  problems: {
    404: 'not_found: no such active connection of the organisation',
    502: 'upstream_unavailable: the connection could not be checked; retry later',
  },
});

export const DATA_API_ROUTES: readonly Route[] = [
  ...Object.values(RESOURCE_ROUTES).flatMap(({ list, get, create, update }) =>
    [list, get, create, update].filter((route): route is Route => route !== undefined),
  ),
  ingestWebhookEvent,
];
