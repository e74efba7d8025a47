import type { Command } from 'commander';
import { apiClient, send, CliError, handler, type Io, ExitCode } from '../frame';

/**
 * `latchkey audit verify`: the API's verification of the organisation's chain (`GET /audit/verify`:
 * recomputed by the audit service, plus the newest signed checkpoint checked against the public
 * key). Exit code 8 if the chain is broken or the checkpoint's signature is not valid, like
 * `verify-chain` (which reads PostgreSQL itself, every organisation).
 */
export function registerVerifyCommand(audit: Command, io: Io): void {
  audit
    .command('verify')
    .summary("verify the organisation's audit chain through the API (exit 8 if broken)")
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const report = await send(connection.url, client.GET('/audit/verify'));
        const signatureBad = report.latest_checkpoint !== null && !report.latest_checkpoint.signature_valid;
        context.output.result(report, (out) => {
          out.table(
            ['organisation', 'ok', 'events checked', 'checkpoints', 'from', 'head', 'latest checkpoint'],
            [
              [
                report.org_id,
                report.ok ? 'yes' : 'NO',
                report.checked,
                report.checkpoints_checked,
                report.from_chain_seq,
                report.head ? `#${report.head.chain_seq}` : '(empty)',
                report.latest_checkpoint
                  ? `#${report.latest_checkpoint.chain_seq} ${report.latest_checkpoint.signature_valid ? 'signature valid' : 'SIGNATURE INVALID'}`
                  : '(none yet)',
              ],
            ],
          );
        });
        if (!report.ok || signatureBad) {
          const link = report.first_broken;
          throw new CliError(
            ExitCode.IntegrityFailure,
            'audit chain broken',
            link
              ? `${report.org_id} at #${link.chain_seq} ${link.id} (${link.reason})`
              : `${report.org_id}: the latest checkpoint's signature is not valid`,
            { first_broken: link },
          );
        }
      }),
    );
}
