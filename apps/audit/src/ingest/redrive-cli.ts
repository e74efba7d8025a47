import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { z } from 'zod';
import { subjectsFor } from '@latchkey/contracts';
import { busConnectionOptions } from '@latchkey/messaging';
import {
  databaseEnv,
  isSchemaBehindError,
  isTransientDatabaseError,
  loadConfigOrExit,
  natsEnv,
} from '@latchkey/runtime';
import { producerRefusal } from './event-producer';
import { EventStore } from './event-store';
import { redriveDeadLetters } from './redrive';

const USAGE = `usage: latchkey audit redrive [--dry-run] [--reason TEXT] [--subject PATTERN] [--limit N]
  (the task it runs: node apps/audit/dist/ingest/redrive-cli.js …)
Re-drives the dead-letter stream <NATS_STREAM>_DLQ into the audit trail as audit, with audit's
settings (DATABASE_URL, DATABASE_SCHEMA, NATS_URL, NATS_NKEY_SEED, NATS_STREAM, NATS_SUBJECT_PREFIX).
  --dry-run          list what would be re-driven; change nothing
  --reason TEXT      only dead letters whose reason contains TEXT (e.g. 42P01, "max deliveries")
  --subject PATTERN  only dead letters whose original subject matches (NATS wildcards * and >)
  --limit N          at most N dead letters
Prints one JSON line per dead letter (never its payload), then {"summary":…}; exit code 1 if any failed.`;

/**
 * The task behind `latchkey audit redrive` (node apps/audit/dist/ingest/redrive-cli.js): puts dead-lettered events
 * back into the audit trail once what made them fail is fixed (docs/operations.md "Re-drive dead
 * letters"). Runs as the audit service: its bus user and its database role.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      reason: { type: 'string' },
      subject: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    process.stderr.write(`--limit takes a positive integer\n${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfigOrExit(
    z.object({
      ...databaseEnv('audit'),
      NATS_URL: natsEnv.NATS_URL,
      NATS_STREAM: natsEnv.NATS_STREAM,
      NATS_SUBJECT_PREFIX: natsEnv.NATS_SUBJECT_PREFIX,
      NATS_NKEY_SEED: natsEnv.NATS_NKEY_SEED,
    }),
  );
  const subjects = subjectsFor(config.NATS_SUBJECT_PREFIX);
  const nc = await connect({
    ...busConnectionOptions(config.NATS_URL, 'audit-redrive', { user: 'audit', seed: config.NATS_NKEY_SEED }),
    // A command, not a service: fail rather than wait for a bus that is not there.
    maxReconnectAttempts: 0,
  });
  const store = new EventStore({ ...config, AUDIT_STORE_LANES: 1 });
  let failed = 0;
  try {
    const jsm = await jetstreamManager(nc);
    const summary = await redriveDeadLetters(
      {
        jsm,
        deadLetterStream: `${config.NATS_STREAM}_DLQ`,
        deadLetterSubjects: subjects.deadLetters,
        refusal: (event, subject) => producerRefusal(event, subject, config.NATS_SUBJECT_PREFIX),
        store: (events) => store.store(events),
        isFatal: (error) => isTransientDatabaseError(error) || isSchemaBehindError(error),
        report: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
      },
      { dryRun: values['dry-run'], reason: values.reason, subject: values.subject, limit },
    );
    failed = summary.failed;
    // The last line: `latchkey audit redrive` renders it (and the lines above) for a person.
    process.stdout.write(`${JSON.stringify({ summary: { dry_run: values['dry-run'], ...summary } })}\n`);
  } finally {
    await store.onApplicationShutdown();
    await nc.close();
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`audit redrive failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
