import { generateKeyPairSync } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { JWK } from 'jose';
import { importSigningKey, signPrincipal } from '@latchkey/auth-core';
import { Audience, Header, SYSTEM_ORG_ID, type Principal } from '@latchkey/contracts';
import { PrincipalGuard, PrincipalVerifier } from './principal.module';
import { ProblemException } from './problems';

/** The guard as a backend runs it: a real signed principal in the header of a request. */
async function guardWith(orgId: string): Promise<boolean> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signingKey = await importSigningKey(privateKey.export({ format: 'jwk' }) as JWK);
  const principal: Principal = { org_id: orgId, subject: 'usr_1', kind: 'user', scopes: ['*'] };
  const token = await signPrincipal(
    principal,
    Audience.Audit,
    signingKey,
    'k1',
    Math.floor(Date.now() / 1000),
  );
  const guard = new PrincipalGuard(
    new PrincipalVerifier({
      audience: Audience.Audit,
      publicJwks: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1' }],
    }),
  );
  const request = { headers: { [Header.Principal]: token } };
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return guard.canActivate(context);
}

describe('principal guard', () => {
  it('admits a principal of an organisation', async () => {
    await expect(guardWith('org_01JBQ7ZK3V9W2X4Y5Z6A7B8C9D')).resolves.toBe(true);
  });

  it('refuses a principal acting for the system tenant, even one the gateway signed', async () => {
    await expect(guardWith(SYSTEM_ORG_ID)).rejects.toBeInstanceOf(ProblemException);
  });
});
