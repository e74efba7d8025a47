import { Option, type Command } from 'commander';
import {
  apiClient,
  send,
  usageError,
  handler,
  type Io,
  boolean,
  defined,
  integer,
  integerOrNone,
  noneAsNull,
  type Output,
} from '../frame';

interface SetOptions {
  maxKeyLifetimeDays?: number | 'none';
  allowNeverExpiringKeys?: boolean;
  writeScopesRequireIpAllowlist?: boolean;
  userTokenTtlSeconds?: number;
  serviceTokenTtlSeconds?: number;
  leakAction?: 'revoke' | 'quarantine' | 'report';
  dormantAfterDays?: number | 'none';
}

const LEAK_ACTIONS = ['revoke', 'quarantine', 'report'] as const;

/** `latchkey policy get|set`: the organisation's issuance policy (owner/admin), /admin/policy. */
export function registerPolicyCommands(program: Command, io: Io): void {
  const policy = program
    .command('policy')
    .summary("the organisation's issuance policy")
    .description(
      'Key and token issuance policy: key lifetimes, IP allowlists for write scopes, token lifetimes.',
    );

  const show = (fields: Record<string, unknown>) => (out: Output) =>
    out.table(
      ['setting', 'value'],
      Object.entries(fields).map(([name, value]) => [name, value === null ? 'none' : String(value)]),
    );

  policy
    .command('get')
    .summary('show the policy')
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const current = await send(connection.url, client.GET('/admin/policy'));
        context.output.result(current, show(current));
      }),
    );

  policy
    .command('set')
    .summary('change some settings (the others are kept)')
    .option('--max-key-lifetime-days <days|none>', 'longest key lifetime (none: no limit)', integerOrNone(1))
    .option('--allow-never-expiring-keys <true|false>', 'whether a key may have no expiry', boolean)
    .option(
      '--write-scopes-require-ip-allowlist <true|false>',
      'whether keys with write scopes need allowed IPs',
      boolean,
    )
    .option('--user-token-ttl-seconds <seconds>', 'user token lifetime', integer(1))
    .option('--service-token-ttl-seconds <seconds>', 'exchanged access token lifetime', integer(1))
    .addOption(
      new Option('--leak-action <action>', 'what a leak report of a live key does').choices(LEAK_ACTIONS),
    )
    .option(
      '--dormant-after-days <days|none>',
      'disable keys unused this many days (7–3650; none: never)',
      integerOrNone(7, 3650),
    )
    .action(
      handler<SetOptions>(io, async (context, options) => {
        const changes = defined({
          max_key_lifetime_days:
            options.maxKeyLifetimeDays === undefined ? undefined : noneAsNull(options.maxKeyLifetimeDays),
          allow_never_expiring_keys: options.allowNeverExpiringKeys,
          write_scopes_require_ip_allowlist: options.writeScopesRequireIpAllowlist,
          user_token_ttl_seconds: options.userTokenTtlSeconds,
          service_token_ttl_seconds: options.serviceTokenTtlSeconds,
          leak_action: options.leakAction,
          dormant_after_days:
            options.dormantAfterDays === undefined ? undefined : noneAsNull(options.dormantAfterDays),
        });
        if (Object.keys(changes).length === 0)
          throw usageError('nothing to change: give at least one setting');
        const { client, connection } = apiClient(context);
        // PUT replaces the whole policy: the current one, with the given settings changed.
        const current = await send(connection.url, client.GET('/admin/policy'));
        const updated = await send(
          connection.url,
          client.PUT('/admin/policy', { body: { ...current, ...changes } }),
        );
        context.output.result(updated, show(updated));
      }),
    );
}
