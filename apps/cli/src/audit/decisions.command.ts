import type { Command } from 'commander';
import { apiClient, handler, send, type Io } from '../frame';

/** `latchkey decisions show <id>`: why the gateway refused a request (ADR 0023). */
export function registerDecisionsCommands(program: Command, io: Io): void {
  const decisions = program
    .command('decisions')
    .summary('why the gateway refused a request')
    .description(
      'A refusal (401, 403, 429) names its decision in `decision_id` and the Latchkey-Decision-Id header; it can be read once the gateway has flushed its denial window (USAGE_FLUSH_MS, 10 s by default).',
    );

  decisions
    .command('show')
    .summary('the rule that refused, the key and its state then')
    .argument('<id>', 'the decision id (dcn_…)')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const view = await send(
          connection.url,
          client.GET('/admin/decisions/{id}', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(view, (out) => {
          const rows: [string, string][] = [
            ['decision', view.decision_id],
            ['reason', view.reason],
            ['answer', `${view.status} ${view.error_code}`],
            ['explanation', view.explanation],
            ['key', view.key_id ?? '(none)'],
            ['route', view.route],
            ['request', `${view.method} ${view.path} from ${view.client_ip} (${view.request_id})`],
            [
              'when',
              view.count > 1 ? `${view.first_at} … ${view.last_at} (${view.count} refusals)` : view.first_at,
            ],
          ];
          if (view.required_scope) rows.push(['required scope', view.required_scope]);
          if (view.rate_limit)
            rows.push(['rate limit', `${view.rate_limit.limit} per ${view.rate_limit.window_seconds} s`]);
          if (view.key_state) {
            const s = view.key_state;
            rows.push(
              ['key status then', `${s.status}${s.canary ? ' (canary)' : ''}`],
              ['key scopes then', s.scopes.join(' ') || '(none)'],
              ['allowed paths then', s.allowed_paths.join(' ') || '(any)'],
              ['allowed IPs then', s.allowed_ips.join(' ') || '(any)'],
            );
          }
          out.table(['field', 'value'], rows);
        });
      }),
    );
}
