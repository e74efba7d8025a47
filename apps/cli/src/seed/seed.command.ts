import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, handler, type Io, ExitCode } from '../frame';
import { LOCAL_DATABASE_URL, databaseUrlOf, jsonLines, runTask, SCHEMAS, taskFailure } from '../operations';

/** What identity's seed prints: the demo organisations, with the one demo secret it issued. */
const seededOrgs = z.array(
  z.object({
    org_id: z.string(),
    org_name: z.string(),
    email: z.string(),
    password: z.string(),
    demo_key: z.string().nullable(),
  }),
);
export type SeededOrg = z.infer<typeof seededOrgs>[number];

/**
 * `latchkey seed`: the demo organisations (identity), then their data (data-api). Idempotent, but
 * each run issues a fresh demo key and revokes the previous one: a secret is shown only when made,
 * and this is the one command that shows one, on the terminal of whoever seeds.
 */
export function registerSeedCommand(program: Command, io: Io): void {
  program
    .command('seed')
    .summary('create the demo organisations, users, data and a demo key')
    .description(
      'Seed the demo organisations (users, a demo API key) and their data. For trying Latchkey: ' +
        'reads DATABASE_URL (or DATABASE_URL_IDENTITY, DATABASE_URL_DATA_API), KEY_PEPPER or KEY_PEPPERS, ' +
        'NATS_SUBJECT_PREFIX and SEED_PASSWORD (default latchkey-demo).',
    )
    .action(
      handler<Record<string, never>>(io, async ({ output, env }) => {
        const identity = await runTask('identity', 'seed/seed.js', {
          ...env,
          DATABASE_URL: databaseUrlOf('identity', env, LOCAL_DATABASE_URL),
          DATABASE_SCHEMA: SCHEMAS.identity,
        });
        if (identity.code !== 0) throw taskFailure('identity', 'seed', identity);
        const orgs = seededOrgs.safeParse(jsonLines(identity.stdout).pop());
        if (!orgs.success)
          throw new CliError(ExitCode.Unexpected, 'identity seed', 'no organisations on its output');
        const data = await runTask('data-api', 'seed/seed.js', {
          ...env,
          DATABASE_URL: databaseUrlOf('data-api', env, LOCAL_DATABASE_URL),
          DATABASE_SCHEMA: SCHEMAS['data-api'],
          SEED_ORG_IDS: orgs.data.map((o) => o.org_id).join(','),
        });
        if (data.code !== 0) throw taskFailure('data-api', 'seed', data);
        output.result({ organisations: orgs.data }, (out) =>
          out.table(
            ['organisation', 'id', 'owner', 'password', 'demo key'],
            orgs.data.map((o) => [o.org_name, o.org_id, o.email, o.password, o.demo_key ?? '']),
          ),
        );
      }),
    );
}
