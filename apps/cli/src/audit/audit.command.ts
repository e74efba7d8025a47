import type { Command } from 'commander';
import type { Io } from '../frame';
import { registerExportCommand } from './export.command';
import { registerRedriveCommand } from './redrive.command';
import { registerTailCommand } from './tail.command';
import { registerVerifyCommand } from './verify.command';
import { registerVerifyChainCommand } from './verify-chain.command';

/**
 * `latchkey audit …`: the trail through the API (tail, export, verify: the signed-in user's
 * organisation) and the operators' tasks on PostgreSQL itself (verify-chain, redrive).
 */
export function registerAuditCommands(program: Command, io: Io): void {
  const audit = program
    .command('audit')
    .summary('audit trail operations')
    .description('Audit trail operations.');
  registerTailCommand(audit, io);
  registerExportCommand(audit, io);
  registerVerifyCommand(audit, io);
  registerVerifyChainCommand(audit, io);
  registerRedriveCommand(audit, io);
}
