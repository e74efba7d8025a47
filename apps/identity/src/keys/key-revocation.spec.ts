import { subjectsFor } from '@latchkey/contracts';
import { UnitOfWork } from '@latchkey/runtime';
import { KeysService } from './keys.service';

/**
 * The order of a revocation as replicas see it, with the database and NATS replaced by recorders:
 * the first `revoked` announcement goes out as soon as the change is decided inside the transaction
 * (before its outbox row and UPDATE are even sent, and before the commit), the second after the
 * commit and the relay's nudge; a failed commit is followed by a plain invalidation so replicas look
 * the key up again, and no nudge.
 */
const setup = (commit: () => Promise<void> = async () => undefined) => {
  const log: string[] = [];
  const key = {
    id: 'key_1',
    orgId: 'org_1',
    publicId: 'lk_pub_000000000000000000000000',
    prefix: 'lk_live_AbCd',
    name: 'k',
    environment: 'live',
    status: 'active',
    scopes: ['projects:read'],
    allowedPaths: [],
    allowedIps: [],
    rateLimit: { limit: 120, window_seconds: 60 },
    createdBy: 'usr_1',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    expiresAt: null,
  };
  const em = {
    findOne: async () => key,
    create: () => log.push('outbox row'),
    flush: async () => {
      log.push('flush');
    },
  };
  const orm = {
    em: {
      fork: () => ({
        transactional: async <T>(work: (tx: typeof em) => Promise<T>): Promise<T> => {
          const result = await work(em);
          await commit();
          log.push('commit');
          return result;
        },
      }),
    },
  };
  const invalidation = {
    announce: (id: string, change: { revoked?: boolean } = {}) =>
      log.push(`announce ${id}${change.revoked ? ' revoked' : ''}`),
    announceAndCount: async (id: string, change: { revoked?: boolean } = {}) => {
      log.push(`announce and count ${id}${change.revoked ? ' revoked' : ''}`);
      return { replicas_confirmed: 4, replicas_known: 4 };
    },
  };
  // The real unit of work, on a recording ORM: when the outbox row is written, and when the relay is nudged.
  const unit = new UnitOfWork(orm as never, {
    subjects: subjectsFor('test'),
    nudge: () => log.push('relay nudged'),
  });
  const keys = { lock: (tx: { em: typeof em }) => tx.em.findOne() };
  const service = new KeysService(unit, {} as never, keys as never, {} as never, invalidation as never);
  return { service, log, key };
};

const ctx = { actor: { type: 'user' as const, id: 'usr_1' } };

describe('revocation reaches the gateway replicas', () => {
  it('replicas are told the key is revoked once it is decided, before the write and the commit, and again after the commit', async () => {
    const { service, log } = setup();
    const result = await service.revoke('org_1', 'key_1', 'leaked', ctx as never);
    expect(result.status).toBe('revoked');
    expect(result.propagation).toEqual({ replicas_confirmed: 4, replicas_known: 4 });
    expect(log).toEqual([
      'announce key_1 revoked',
      'outbox row',
      'commit',
      'relay nudged',
      'announce and count key_1 revoked',
    ]);
  });

  it('a commit that fails after the announcement is followed by a plain invalidation', async () => {
    const { service, log } = setup(async () => {
      throw new Error('serialization failure');
    });
    await expect(service.revoke('org_1', 'key_1', 'leaked', ctx as never)).rejects.toThrow(
      'serialization failure',
    );
    expect(log).toEqual(['announce key_1 revoked', 'outbox row', 'announce key_1']);
  });

  it('revoking an already revoked key announces only after the commit', async () => {
    const { service, log, key } = setup();
    key.status = 'revoked';
    await service.revoke('org_1', 'key_1', 'again', ctx as never);
    expect(log).toEqual(['commit', 'announce and count key_1 revoked']);
  });
});
