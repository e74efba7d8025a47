import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { z } from 'zod';
import {
  databaseEnv,
  jwkEnv,
  loadConfigOrExit,
  optionalPublicJwkSetEnv,
  ormOptions,
} from '@latchkey/runtime';
import { AUDIT_ENTITIES } from '../database';
import { AuditDatabase } from '../trail';
import { ChainSigner, ChainStatementVerifier } from './chain-signer';
import { ChainVerifier } from './chain-verifier';
import { ChainRepository } from './chain.repository';

/**
 * The task behind `latchkey audit verify-chain` (node apps/audit/dist/chain/verify-cli.js):
 * recomputes every organisation's chain straight from the database and prints one JSON report per
 * chain (the first broken link, if any); exit code 1 if any is broken, 2 if it could not check.
 * With the published checkpoint keys (`AUDIT_PUBLIC_KEYS`, the JWKS's `keys` array; or one
 * `AUDIT_PUBLIC_KEY`; or the deployment's `AUDIT_SIGNING_KEY` with its `AUDIT_RETIRED_PUBLIC_KEYS`)
 * it also holds each chain to its signed checkpoints and retention cuts; without, it says so.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(
    z.object({
      ...databaseEnv('audit'),
      AUDIT_VERIFY_ORG: z.string().optional(),
      AUDIT_PUBLIC_KEYS: optionalPublicJwkSetEnv(),
      AUDIT_PUBLIC_KEY: jwkEnv().optional(),
      AUDIT_SIGNING_KEY: jwkEnv().optional(),
      AUDIT_RETIRED_PUBLIC_KEYS: optionalPublicJwkSetEnv(),
    }),
  );
  const statements = config.AUDIT_PUBLIC_KEYS
    ? new ChainStatementVerifier(config.AUDIT_PUBLIC_KEYS)
    : config.AUDIT_PUBLIC_KEY
      ? new ChainStatementVerifier(config.AUDIT_PUBLIC_KEY)
      : config.AUDIT_SIGNING_KEY
        ? await new ChainSigner(config.AUDIT_SIGNING_KEY, config.AUDIT_RETIRED_PUBLIC_KEYS ?? []).verifier()
        : undefined;
  if (!statements) {
    process.stderr.write(
      'no AUDIT_PUBLIC_KEYS, AUDIT_PUBLIC_KEY or AUDIT_SIGNING_KEY: hashes are recomputed, signed checkpoints and cuts are not checked\n',
    );
  }
  const orm = await MikroORM.init<PostgreSqlDriver>(ormOptions(config, AUDIT_ENTITIES));
  try {
    const verifier = new ChainVerifier(new ChainRepository(new AuditDatabase(orm)), statements);
    const orgs = config.AUDIT_VERIFY_ORG ? [config.AUDIT_VERIFY_ORG] : await verifier.organisations();
    let broken = 0;
    for (const org of orgs) {
      const report = await verifier.verify(org);
      if (!report.ok) broken += 1;
      process.stdout.write(`${JSON.stringify(report)}\n`);
    }
    process.exitCode = broken > 0 ? 1 : 0;
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
