import { z } from 'zod';
import {
  defineRoute,
  idParams,
  MANAGING_ROLES,
  NotificationEventTypeSchema,
  notificationDeliveryViewSchema,
  notificationEndpointSecretViewSchema,
  notificationEndpointViewSchema,
  pageViewSchema,
  text,
  type Route,
} from '@latchkey/contracts';

/**
 * Notification endpoints: organisation-configured HTTPS receivers of signed event deliveries
 * (ADR 0027). Owners and admins only, like every other setting of the organisation.
 */

const managers = { kind: 'user', roles: MANAGING_ROLES } as const;

/** Longest endpoint URL accepted (stored as varchar(2048)). */
export const NOTIFICATION_URL_MAX_LENGTH = 2048;

const endpointUrl = text()
  .trim()
  .min(1)
  .max(NOTIFICATION_URL_MAX_LENGTH)
  .describe('Where deliveries are POSTed: https, a public address (checked again at each delivery)');
const eventTypes = z
  .array(NotificationEventTypeSchema)
  .min(1)
  .max(16)
  .transform((types) => [...new Set(types)])
  .describe('The event types delivered to this endpoint');
const description = text().trim().max(500);

export const createNotificationEndpointRequest = z.strictObject({
  url: endpointUrl,
  event_types: eventTypes,
  description: description.default(''),
});

export const updateNotificationEndpointRequest = z
  .strictObject({
    url: endpointUrl.optional(),
    event_types: eventTypes.optional(),
    description: description.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one of url, event_types, description');

export const createNotificationEndpoint = defineRoute({
  method: 'POST',
  path: '/admin/notifications/endpoints',
  operationId: 'createNotificationEndpoint',
  summary: 'Subscribe an HTTPS endpoint to event types; its signing secret is shown once',
  tags: ['notifications'],
  access: managers,
  body: createNotificationEndpointRequest,
  responses: { 201: notificationEndpointSecretViewSchema },
  examples: {
    request: { url: 'https://hooks.example.com/latchkey', event_types: ['key.leaked', 'policy.updated'] },
  },
});

export const listNotificationEndpoints = defineRoute({
  method: 'GET',
  path: '/admin/notifications/endpoints',
  operationId: 'listNotificationEndpoints',
  summary: 'List notification endpoints; never a secret',
  tags: ['notifications'],
  access: managers,
  responses: { 200: pageViewSchema(notificationEndpointViewSchema) },
});

export const getNotificationEndpoint = defineRoute({
  method: 'GET',
  path: '/admin/notifications/endpoints/:id',
  operationId: 'getNotificationEndpoint',
  summary: 'Read a notification endpoint; never its secret',
  tags: ['notifications'],
  access: managers,
  params: idParams,
  responses: { 200: notificationEndpointViewSchema },
});

export const updateNotificationEndpoint = defineRoute({
  method: 'PATCH',
  path: '/admin/notifications/endpoints/:id',
  operationId: 'updateNotificationEndpoint',
  summary: 'Change the URL, event types or description of an endpoint',
  tags: ['notifications'],
  access: managers,
  params: idParams,
  body: updateNotificationEndpointRequest,
  responses: { 200: notificationEndpointViewSchema },
});

export const deleteNotificationEndpoint = defineRoute({
  method: 'DELETE',
  path: '/admin/notifications/endpoints/:id',
  operationId: 'deleteNotificationEndpoint',
  summary: 'Delete an endpoint and its deliveries; nothing more is sent to it',
  tags: ['notifications'],
  access: managers,
  params: idParams,
  responses: { 204: null },
});

export const rotateNotificationEndpointSecret = defineRoute({
  method: 'POST',
  path: '/admin/notifications/endpoints/:id/rotate-secret',
  operationId: 'rotateNotificationEndpointSecret',
  summary: 'New signing secret, shown once; deliveries from now on are signed with it',
  tags: ['notifications'],
  access: managers,
  params: idParams,
  responses: { 200: notificationEndpointSecretViewSchema },
});

export const listNotificationDeliveries = defineRoute({
  method: 'GET',
  path: '/admin/notifications/endpoints/:id/deliveries',
  operationId: 'listNotificationDeliveries',
  summary: "An endpoint's deliveries (newest first, at most 100) with every attempt",
  tags: ['notifications'],
  access: managers,
  params: idParams,
  responses: { 200: pageViewSchema(notificationDeliveryViewSchema) },
});

export const redeliverNotification = defineRoute({
  method: 'POST',
  path: '/admin/notifications/deliveries/:id/redeliver',
  operationId: 'redeliverNotification',
  summary: 'Deliver a dead-lettered notification again (a fresh round of attempts)',
  tags: ['notifications'],
  access: managers,
  params: idParams,
  responses: { 202: notificationDeliveryViewSchema },
  problems: { 409: 'conflict: the delivery is not dead-lettered' },
});

export const NOTIFICATION_ROUTES: readonly Route[] = [
  createNotificationEndpoint,
  listNotificationEndpoints,
  getNotificationEndpoint,
  updateNotificationEndpoint,
  deleteNotificationEndpoint,
  rotateNotificationEndpointSecret,
  listNotificationDeliveries,
  redeliverNotification,
];
