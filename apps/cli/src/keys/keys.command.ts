import { Option, type Command } from 'commander';
import type { PageItem } from '@latchkey/sdk';
import {
  apiClient,
  call,
  send,
  usageError,
  handler,
  type Io,
  showSecretOnce,
  collect,
  defined,
  integer,
  rateLimit,
  when,
  type RateLimit,
  confirm,
  interactive,
  ask,
  readAll,
  type Output,
} from '../frame';
import { registerBulkRevokeCommand } from './bulk-revoke.command';
import { registerRecommendCommand } from './recommend.command';

type Key = PageItem<'/admin/keys'>;

const LIFETIMES = ['7', '30', '60', '90'];

interface CreateOptions {
  scope?: string[];
  allowedPath?: string[];
  allowedIp?: string[];
  rateLimit?: RateLimit;
  expiresInDays?: string;
  environment?: 'live' | 'test';
  description?: string;
  canary?: boolean;
}

interface ListOptions {
  status?: 'active' | 'expiring_soon' | 'revoked' | 'expired' | 'dormant';
  environment?: 'live' | 'test';
  search?: string;
  expiringWithin?: number;
  dormant?: boolean;
}

/** The columns of `keys list`: one key a row, never its secret (the API does not have it). */
export function keyRow(key: Key): string[] {
  return [
    key.id,
    key.name,
    key.expiring_soon && key.status === 'active' ? 'active (expiring soon)' : key.status,
    key.scopes.join(' '),
    when(key.expires_at, 'never'),
    when(key.last_used_at, 'never'),
  ];
}

export const KEY_COLUMNS = ['id', 'name', 'status', 'scopes', 'expires', 'last used'];

/** One key, field by field, for `show` and after a change. */
function describeKey(out: Output, key: Key & { revoked_reason?: string | null }): void {
  const rows: [string, string][] = [
    ['id', key.id],
    ['name', key.name],
    ['public id', key.public_id],
    ['status', key.status],
    ['environment', key.environment],
    ['scopes', key.scopes.join(' ')],
    ['canary', key.canary ? 'yes: grants nothing, any use raises key.canary_tripped' : 'no'],
    ['allowed paths', key.allowed_paths.join(' ') || '(any)'],
    ['allowed IPs', key.allowed_ips.join(' ') || '(any)'],
    ['rate limit', `${key.rate_limit.limit} per ${key.rate_limit.window_seconds} s`],
    ['expires', when(key.expires_at, 'never')],
    ['last used', when(key.last_used_at, 'never')],
    ...(key.dormant_at ? [['dormant since', when(key.dormant_at)] as [string, string]] : []),
    ['created', `${when(key.created_at)} by ${key.created_by}`],
  ];
  if (key.description) rows.push(['description', key.description]);
  if (key.revoked_at) rows.push(['revoked', `${when(key.revoked_at)}: ${key.revoked_reason ?? ''}`]);
  out.table(['field', 'value'], rows);
}

function lifetime(raw: string | undefined): 7 | 30 | 60 | 90 | undefined {
  return raw === undefined ? undefined : (Number(raw) as 7 | 30 | 60 | 90);
}

/** `latchkey keys …`: the organisation's API keys (owner/admin), through /admin/keys. */
export function registerKeysCommands(program: Command, io: Io): void {
  const keys = program
    .command('keys')
    .summary("the organisation's API keys")
    .description("The organisation's API keys.");

  keys
    .command('create')
    .summary('create a key and show its secret once')
    .argument('<name>', 'what the key is for')
    .option(
      '--scope <scope>',
      'a scope (`projects:read`, `leads:*`, `leads:read@prj_…`); repeatable; required unless --canary',
      collect,
    )
    .option(
      '--canary',
      'a canary key: grants nothing; any use is answered like an unknown key and raises key.canary_tripped',
    )
    .option('--allowed-path <glob>', 'only these paths (`/v1/leads/**`); repeatable', collect)
    .option('--allowed-ip <cidr>', 'only from these addresses (`203.0.113.0/24`); repeatable', collect)
    .option('--rate-limit <requests/seconds>', 'requests per window, e.g. 100/60', rateLimit)
    .addOption(new Option('--expires-in-days <days>', 'lifetime in days').choices(LIFETIMES))
    .addOption(
      new Option('--environment <environment>', 'live or test (default live)').choices(['live', 'test']),
    )
    .option('--description <text>', 'a note for other admins')
    .action(
      handler<CreateOptions>(io, async (context, options, args) => {
        const { client, connection } = apiClient(context);
        const expiresInDays = lifetime(options.expiresInDays);
        if (!options.canary && !options.scope?.length)
          throw usageError('give --scope at least once (only a --canary key may have none)');
        const created = await send(
          connection.url,
          client.POST('/admin/keys', {
            body: {
              name: String(args[0]),
              scopes: options.scope ?? [],
              ...(options.canary ? { canary: true } : {}),
              ...defined({
                allowed_paths: options.allowedPath,
                allowed_ips: options.allowedIp,
                rate_limit: options.rateLimit,
                expires_in_days: expiresInDays,
                environment: options.environment,
                description: options.description,
              }),
            },
          }),
        );
        context.output.result(created, (out) => {
          out.line(`Created key ${created.id} (${created.name}).`);
          showSecretOnce(out, created.secret);
        });
      }),
    );

  keys
    .command('list')
    .summary('list keys (every page)')
    .addOption(
      new Option('--status <status>', 'only keys in this state').choices([
        'active',
        'expiring_soon',
        'revoked',
        'expired',
        'dormant',
      ]),
    )
    .addOption(new Option('--environment <environment>', 'only live or test keys').choices(['live', 'test']))
    .option('--search <text>', 'name or prefix contains')
    .option(
      '--expiring-within <days>',
      'only active keys that expire within this many days',
      integer(1, 3650),
    )
    .addOption(
      new Option('--dormant', 'only keys disabled as unused (same as --status dormant)').conflicts('status'),
    )
    .action(
      handler<ListOptions>(io, async (context, options) => {
        const { client, connection } = apiClient(context);
        const status = options.dormant ? 'dormant' : options.status;
        const all: Key[] = [];
        await call(
          connection.url,
          (async () => {
            for await (const key of client.paginate('/admin/keys', {
              query: {
                limit: 100,
                ...defined({
                  status,
                  environment: options.environment,
                  q: options.search,
                  expiring_within_days: options.expiringWithin,
                }),
              },
            }))
              all.push(key);
          })(),
        );
        context.output.result({ data: all }, (out) => {
          if (all.length === 0) out.line('No keys.');
          else out.table(KEY_COLUMNS, all.map(keyRow));
        });
      }),
    );

  keys
    .command('show')
    .summary("a key's details")
    .argument('<id>', 'the key id (key_…)')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const key = await send(
          connection.url,
          client.GET('/admin/keys/{id}', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(key, (out) => describeKey(out, key));
      }),
    );

  keys
    .command('find-secret')
    .summary('the key a secret belongs to (the secret read from stdin, never an argument)')
    .description(
      'Reads a secret from stdin (a pipe: `latchkey keys find-secret < leaked.txt`) or asks for it, hidden, on a terminal, and shows the key of your organisation it belongs to. The secret is sent in a request body, hashed by the server and never stored or logged; it is never an argument, which would show in `ps` and shell history.',
    )
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const { terminal } = context;
        let secret = '';
        if (interactive(terminal)) secret = await ask(terminal, 'Secret: ', true);
        else if (terminal.stdin) secret = await readAll(terminal.stdin);
        secret = secret.trim();
        if (!secret)
          throw usageError('a secret is required: pipe it to stdin, or run on a terminal to be asked');
        const key = await send(connection.url, client.POST('/admin/keys/lookup', { body: { secret } }));
        context.output.result(key, (out) => describeKey(out, key));
      }),
    );

  keys
    .command('simulate')
    .summary('what the gateway would decide for a request with this key, without making it')
    .argument('<id>', 'the key id (key_…)')
    .addOption(
      new Option('--method <method>', 'the request method')
        .choices(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
        .makeOptionMandatory(),
    )
    .requiredOption('--path <path>', 'the request path, e.g. /v1/leads')
    .requiredOption('--ip <address>', 'the client address, e.g. 203.0.113.7')
    .action(
      handler<{ method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; ip: string }>(
        io,
        async (context, options, args) => {
          const { client, connection } = apiClient(context);
          const view = await send(
            connection.url,
            client.POST('/admin/keys/{id}/simulate', {
              params: { path: { id: String(args[0]) } },
              body: { method: options.method, path: options.path, ip: options.ip },
            }),
          );
          context.output.result(view, (out) => {
            out.table(
              ['field', 'value'],
              [
                ['outcome', view.outcome],
                ['answer', view.status === null ? 'forwarded' : `${view.status} ${view.error_code ?? ''}`],
                ['reason', view.reason ?? '-'],
                ['route', view.route ?? '-'],
                ['required scope', view.required_scope ?? '-'],
                [
                  'rate limit',
                  `${view.rate_limit.remaining} of ${view.rate_limit.limit} left per ${view.rate_limit.window_seconds} s`,
                ],
                ['explanation', view.explanation],
              ],
            );
          });
        },
      ),
    );

  keys
    .command('rotate')
    .summary('a new secret (shown once); the old one works for the grace period')
    .argument('<id>', 'the key id')
    .option(
      '--grace-seconds <seconds>',
      'how long the old secret still works (default 1 day, max 7 days; 0: at once)',
      integer(0, 604_800),
    )
    .addOption(new Option('--expires-in-days <days>', 'a new lifetime from now').choices(LIFETIMES))
    .action(
      handler<{ graceSeconds?: number; expiresInDays?: string }>(io, async (context, options, args) => {
        const { client, connection } = apiClient(context);
        const rotated = await send(
          connection.url,
          client.POST('/admin/keys/{id}/rotate', {
            params: { path: { id: String(args[0]) } },
            body: defined({
              grace_seconds: options.graceSeconds,
              expires_in_days: lifetime(options.expiresInDays),
            }),
          }),
        );
        context.output.result(rotated, (out) => {
          out.line(`Rotated key ${rotated.id} (${rotated.name}).`);
          out.line(`The previous secret works until ${rotated.previous_secret_valid_until}.`);
          out.line(`Gateway replicas confirmed: ${rotated.replicas_confirmed}/${rotated.replicas_known}.`);
          showSecretOnce(out, rotated.secret);
        });
      }),
    );

  keys
    .command('revoke')
    .summary('stop a key at once')
    .argument('<id>', 'the key id')
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .action(
      handler<{ reason: string }>(io, async (context, options, args) => {
        const { client, connection } = apiClient(context);
        const revoked = await send(
          connection.url,
          client.POST('/admin/keys/{id}/revoke', {
            params: { path: { id: String(args[0]) } },
            body: { reason: options.reason },
          }),
        );
        context.output.result(revoked, (out) =>
          out.line(
            `Revoked key ${revoked.id} (${revoked.name}); gateway replicas confirmed: ${revoked.replicas_confirmed}/${revoked.replicas_known}.`,
          ),
        );
      }),
    );

  keys
    .command('enable')
    .summary('enable a dormant key: it works again at once')
    .argument('<id>', 'the key id')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const enabled = await send(
          connection.url,
          client.POST('/admin/keys/{id}/enable', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(enabled, (out) =>
          out.line(
            `Enabled key ${enabled.id} (${enabled.name}); gateway replicas confirmed: ${enabled.replicas_confirmed}/${enabled.replicas_known}.`,
          ),
        );
      }),
    );

  keys
    .command('delete')
    .summary('revoke and hide a key (the audit trail stays)')
    .argument('<id>', 'the key id')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      handler<{ yes?: boolean }>(io, async (context, options, args) => {
        const id = String(args[0]);
        if (!options.yes) {
          if (!interactive(context.terminal))
            throw usageError(`keys delete ${id}: confirm with --yes (no terminal to ask on)`);
          if (!(await confirm(context.terminal, `Delete key ${id}? It stops working at once.`)))
            throw usageError('not deleted: the deletion was not confirmed');
        }
        const { client, connection } = apiClient(context);
        await send(connection.url, client.DELETE('/admin/keys/{id}', { params: { path: { id } } }));
        context.output.result({ id, deleted: true }, (out) => out.line(`Deleted key ${id}.`));
      }),
    );

  registerBulkRevokeCommand(keys, io);
  registerRecommendCommand(keys, io);
}
