import type { Command } from 'commander';
import { apiClient, handler, send, type Io } from '../frame';

/**
 * `latchkey keys recommend <id>`: what the key was granted and did not use in the last 30 days, and
 * the PATCH body that narrows it (ADR 0026); `--json` prints it as the API answers.
 */
export function registerRecommendCommand(keys: Command, io: Io): void {
  keys
    .command('recommend')
    .summary('least privilege: what the key did not use in 30 days, and the narrowed key')
    .argument('<id>', 'the key id (key_…)')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const r = await send(
          connection.url,
          client.GET('/admin/keys/{id}/recommendation', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(r, (out) => {
          out.line(`Key ${r.key_id}: ${r.requests} requests in the last ${r.window_days} days.`);
          if (r.requests === 0) {
            out.line('No use observed: nothing tells what it needs. Consider revoking it.');
            return;
          }
          const list = (items: readonly string[]) => (items.length ? items.join(' ') : '(none)');
          out.table(
            ['granted but unused', 'entries'],
            [
              ['scopes', list(r.unused_scopes)],
              ['allowed paths', list(r.unmatched_paths)],
              ['allowed IPs', list(r.unseen_ips)],
              [
                'rate limit',
                r.rate_limit.suggested
                  ? `${r.rate_limit.current.limit} → ${r.rate_limit.suggested.limit} per ${r.rate_limit.suggested.window_seconds} s (peak ${r.rate_limit.observed_peak})`
                  : `(keep; peak ${r.rate_limit.observed_peak})`,
              ],
            ],
          );
          if (Object.keys(r.proposed).length === 0)
            out.line('Nothing to narrow: the key uses what it is granted.');
          else out.line(`Narrowed key (PATCH /admin/keys/${r.key_id}): ${JSON.stringify(r.proposed)}`);
        });
      }),
    );
}
