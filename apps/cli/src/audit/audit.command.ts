import type { Command } from 'commander';
import type { Io } from '../frame/command-context';
import { registerRedriveCommand } from './redrive.command';
import { registerVerifyChainCommand } from './verify-chain.command';

/** `latchkey audit …`: the audit trail's operations (the API's tail and export join them later). */
export function registerAuditCommands(program: Command, io: Io): void {
  const audit = program
    .command('audit')
    .summary('audit trail operations')
    .description('Audit trail operations.');
  registerVerifyChainCommand(audit, io);
  registerRedriveCommand(audit, io);
}
