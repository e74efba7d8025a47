import type { Command } from 'commander';
import { NOTIFICATION_EVENT_TYPES } from '@latchkey/contracts';
import {
  apiClient,
  collect,
  defined,
  handler,
  send,
  showSecretOnce,
  usageError,
  when,
  type Io,
} from '../frame';

interface Endpoint {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  created_at: string;
}

interface Delivery {
  id: string;
  event_type: string;
  status: string;
  attempts: Array<{
    attempt: number;
    attempted_at: string;
    status_code: number | null;
    latency_ms: number;
    error: string | null;
  }>;
  next_attempt_at: string | null;
  created_at: string;
}

const ENDPOINT_COLUMNS = ['id', 'url', 'event types', 'description', 'created'];
const endpointRow = (e: Endpoint) => [
  e.id,
  e.url,
  e.event_types.join(','),
  e.description,
  when(e.created_at),
];

const DELIVERY_COLUMNS = ['id', 'event type', 'status', 'attempts', 'last answer', 'next attempt', 'created'];
function deliveryRow(d: Delivery) {
  const last = d.attempts[d.attempts.length - 1];
  const answer = last ? (last.status_code !== null ? String(last.status_code) : (last.error ?? '')) : '';
  return [
    d.id,
    d.event_type,
    d.status,
    String(d.attempts.length),
    answer,
    d.next_attempt_at ? when(d.next_attempt_at) : '',
    when(d.created_at),
  ];
}

/** `latchkey notifications …`: signed event deliveries to the organisation's endpoints (owner/admin). */
export function registerNotificationsCommands(program: Command, io: Io): void {
  const notifications = program
    .command('notifications')
    .summary('notification endpoints and their deliveries')
    .description(
      `HTTPS endpoints that receive signed events (Standard Webhooks). Event types: ${NOTIFICATION_EVENT_TYPES.join(', ')}.`,
    );

  const endpoints = notifications.command('endpoints').summary('notification endpoints');

  endpoints
    .command('list')
    .summary('list endpoints')
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const page = await send(connection.url, client.GET('/admin/notifications/endpoints'));
        context.output.result(page, (out) => out.table(ENDPOINT_COLUMNS, page.data.map(endpointRow)));
      }),
    );

  endpoints
    .command('create')
    .summary('subscribe an https endpoint and show its signing secret once')
    .argument('<url>', 'where deliveries are POSTed (https, public address)')
    .requiredOption(
      '--event <type>',
      `an event type (${NOTIFICATION_EVENT_TYPES.join(', ')}); repeatable`,
      collect,
    )
    .option('--description <text>', 'what receives them')
    .action(
      handler<{ event: string[]; description?: string }>(io, async (context, options, args) => {
        const unknown = options.event.filter(
          (t) => !(NOTIFICATION_EVENT_TYPES as readonly string[]).includes(t),
        );
        if (unknown.length > 0)
          throw usageError(
            `unknown event type ${unknown.join(', ')}: one of ${NOTIFICATION_EVENT_TYPES.join(', ')}`,
          );
        const { client, connection } = apiClient(context);
        const created = await send(
          connection.url,
          client.POST('/admin/notifications/endpoints', {
            body: {
              url: String(args[0]),
              event_types: options.event as (typeof NOTIFICATION_EVENT_TYPES)[number][],
              ...defined({ description: options.description }),
            },
          }),
        );
        context.output.result(created, (out) => {
          out.line(`Created notification endpoint ${created.id}: ${created.url}`);
          showSecretOnce(out, created.secret);
        });
      }),
    );

  endpoints
    .command('delete')
    .summary('delete an endpoint and its deliveries')
    .argument('<id>', 'the endpoint id')
    .action(
      handler(io, async (context, _options, args) => {
        const id = String(args[0]);
        const { client, connection } = apiClient(context);
        await send(
          connection.url,
          client.DELETE('/admin/notifications/endpoints/{id}', { params: { path: { id } } }),
        );
        context.output.result({ id, deleted: true }, (out) =>
          out.line(`Deleted notification endpoint ${id}.`),
        );
      }),
    );

  notifications
    .command('deliveries')
    .summary("an endpoint's deliveries and their attempts")
    .argument('<endpoint>', 'the endpoint id')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const page = await send(
          connection.url,
          client.GET('/admin/notifications/endpoints/{id}/deliveries', {
            params: { path: { id: String(args[0]) } },
          }),
        );
        context.output.result(page, (out) => out.table(DELIVERY_COLUMNS, page.data.map(deliveryRow)));
      }),
    );
}
