import { Option, type Command } from 'commander';
import { apiClient, send, handler, type Io, showSecretOnce, defined, when } from '../frame';

interface Connection {
  id: string;
  name: string;
  status: string;
  ingest_path: string;
  key_id: string;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = ['id', 'name', 'status', 'ingest path', 'key', 'created'];
const row = (c: Connection) => [c.id, c.name, c.status, c.ingest_path, c.key_id, when(c.created_at)];

/** `latchkey webhooks …`: webhook connections (owner/admin), /admin/webhooks. */
export function registerWebhooksCommands(program: Command, io: Io): void {
  const webhooks = program
    .command('webhooks')
    .summary('webhook connections')
    .description('Webhook connections: each has a key limited to webhooks:write on /v1/webhooks/<id>/*.');

  webhooks
    .command('list')
    .summary('list connections')
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const page = await send(connection.url, client.GET('/admin/webhooks'));
        context.output.result(page, (out) => out.table(COLUMNS, page.data.map(row)));
      }),
    );

  webhooks
    .command('create')
    .summary('create a connection and show its secret once')
    .argument('<name>', 'what sends to it')
    .addOption(new Option('--environment <environment>', 'live or test').choices(['live', 'test']))
    .action(
      handler<{ environment?: 'live' | 'test' }>(io, async (context, options, args) => {
        const { client, connection } = apiClient(context);
        const created = await send(
          connection.url,
          client.POST('/admin/webhooks', {
            body: { name: String(args[0]), ...defined({ environment: options.environment }) },
          }),
        );
        context.output.result(created, (out) => {
          out.line(`Created webhook connection ${created.id}: ${created.ingest_path}`);
          showSecretOnce(out, created.secret);
        });
      }),
    );

  webhooks
    .command('show')
    .summary("a connection's details")
    .argument('<id>', 'the connection id')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const found = await send(
          connection.url,
          client.GET('/admin/webhooks/{id}', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(found, (out) => out.table(COLUMNS, [row(found)]));
      }),
    );

  webhooks
    .command('regenerate')
    .summary('a new secret at once (shown once); the old one stops')
    .argument('<id>', 'the connection id')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const renewed = await send(
          connection.url,
          client.POST('/admin/webhooks/{id}/regenerate', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(renewed, (out) => {
          out.line(
            `Regenerated the secret of ${renewed.id}; gateway replicas confirmed: ${renewed.replicas_confirmed}/${renewed.replicas_known}.`,
          );
          showSecretOnce(out, renewed.secret);
        });
      }),
    );

  webhooks
    .command('revoke')
    .summary('stop a connection')
    .argument('<id>', 'the connection id')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const revoked = await send(
          connection.url,
          client.POST('/admin/webhooks/{id}/revoke', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(revoked, (out) => out.line(`Revoked webhook connection ${revoked.id}.`));
      }),
    );
}
