import { Option, type Command } from 'commander';
import { apiClient, collect, defined, handler, send, usageError, when, type Io } from '../frame';

interface BulkRevokeOptions {
  dryRun?: boolean;
  plan?: string;
  reason?: string;
  id?: string[];
  status?: 'active' | 'expiring_soon' | 'expired';
  environment?: 'live' | 'test';
  search?: string;
  createdBy?: string;
  scope?: string;
  prefix?: string;
  lastUsedFrom?: string;
  createdBefore?: string;
  createdAfter?: string;
  unusedSince?: string;
}

/** The filter of a dry run, from the options (ADR 0025: at least one criterion; the API says which). */
export function revocationFilterOf(options: BulkRevokeOptions) {
  return defined({
    ids: options.id,
    status: options.status,
    environment: options.environment,
    q: options.search,
    created_by: options.createdBy,
    scope: options.scope,
    prefix: options.prefix,
    last_used_from: options.lastUsedFrom,
    created_before: options.createdBefore,
    created_after: options.createdAfter,
    unused_since: options.unusedSince,
  });
}

/**
 * `latchkey keys bulk-revoke`: a dry run (`--dry-run` with filters and `--reason`) lists the keys and
 * prints the plan id; `--plan <id>` revokes exactly that plan's keys.
 */
export function registerBulkRevokeCommand(keys: Command, io: Io): void {
  keys
    .command('bulk-revoke')
    .summary('revoke many keys by filter: --dry-run lists them and makes a plan, --plan <id> runs it')
    .option('--dry-run', 'list the keys the filter names and store a plan (nothing is revoked)')
    .option('--plan <id>', 'revoke exactly the keys of this plan (rvp_…, from a dry run)')
    .option('--reason <text>', 'why (with --dry-run; kept in the audit trail)')
    .option('--id <key_id>', 'this key; repeatable', collect)
    .addOption(
      new Option('--status <status>', 'keys in this state').choices(['active', 'expiring_soon', 'expired']),
    )
    .addOption(new Option('--environment <environment>', 'live or test keys').choices(['live', 'test']))
    .option('--search <text>', 'name or prefix contains')
    .option('--created-by <id>', 'created by this user (usr_…) or key')
    .option('--scope <scope>', 'keys that grant this scope (holding it or a wildcard over it)')
    .option('--prefix <prefix>', 'the shown prefix starts with this (lk_live_Ab…)')
    .option('--last-used-from <ip|cidr>', 'used from this address or block (203.0.113.0/24)')
    .option('--created-before <instant>', 'created before (RFC 3339)')
    .option('--created-after <instant>', 'created after (RFC 3339)')
    .option('--unused-since <instant>', 'not used since (RFC 3339), or never used')
    .action(
      handler<BulkRevokeOptions>(io, async (context, options) => {
        if (options.dryRun === Boolean(options.plan))
          throw usageError('keys bulk-revoke: give --dry-run (with filters and --reason) or --plan <id>');
        const { client, connection } = apiClient(context);
        if (options.plan) {
          const done = await send(
            connection.url,
            client.POST('/admin/keys/bulk-revoke', { body: { plan_id: options.plan } }),
          );
          context.output.result(done, (out) => {
            if (done.dry_run) return;
            out.line(
              `Revoked ${done.count} key${done.count === 1 ? '' : 's'} of plan ${done.plan_id}; gateway replicas confirmed: ${done.replicas_confirmed}/${done.replicas_known}.`,
            );
            for (const key of done.revoked) out.line(`  revoked ${key.id} (${key.name})`);
            for (const key of done.skipped) out.line(`  skipped ${key.id} (${key.name}): ${key.reason}`);
          });
          return;
        }
        if (!options.reason)
          throw usageError('keys bulk-revoke --dry-run: give --reason (for the audit trail)');
        const filter = revocationFilterOf(options);
        if (Object.keys(filter).length === 0)
          throw usageError('keys bulk-revoke --dry-run: give at least one filter (--id, --environment, …)');
        const plan = await send(
          connection.url,
          client.POST('/admin/keys/bulk-revoke', {
            body: { dry_run: true, filter, reason: options.reason },
          }),
        );
        context.output.result(plan, (out) => {
          if (!plan.dry_run) return;
          out.line(`Plan ${plan.plan_id}: ${plan.count} key${plan.count === 1 ? '' : 's'} would be revoked.`);
          if (plan.count > 0)
            out.table(
              ['id', 'name', 'status', 'scopes', 'last used'],
              plan.keys.map((k) => [
                k.id,
                k.name,
                k.status,
                k.scopes.join(' '),
                when(k.last_used_at, 'never'),
              ]),
            );
          out.line(`Revoke them before ${plan.expires_at}: latchkey keys bulk-revoke --plan ${plan.plan_id}`);
        });
      }),
    );
}
