import { Inject, Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException, type RequiredEntityData } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { ErrorCode } from '@latchkey/contracts';
import { ProblemException, type Transaction } from '@latchkey/runtime';
import { UserSchema, type User } from './user.entity';

/** Users' rows: the only place that reads or writes them. */
@Injectable()
export class UserRepository {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  /** A page of an organisation's users, oldest first, after the user `after` (one extra: is there more?). */
  page(orgId: string, after: string | undefined, limit: number): Promise<User[]> {
    return this.orm.em
      .fork()
      .find(
        UserSchema,
        { orgId, ...(after ? { id: { $gt: after } } : {}) },
        { orderBy: { id: 'asc' }, limit: limit + 1 },
      );
  }

  /** The user in this organisation as it is now, or null. */
  find(orgId: string, id: string): Promise<User | null> {
    return this.orm.em.fork().findOne(UserSchema, { id, orgId });
  }

  /** The user of an email (stored lower-case), or null: as it is now, or inside the change `tx` runs. */
  findByEmail(email: string, tx?: Transaction): Promise<User | null> {
    return (tx?.em ?? this.orm.em.fork()).findOne(UserSchema, { email });
  }

  /**
   * The user inside a change, its row locked (FOR UPDATE): two changes of one user (a password
   * change and a role change) run one after the other, and each raises the credential version
   * the other raised.
   */
  lock(tx: Transaction, orgId: string, id: string): Promise<User | null> {
    return tx.em.findOne(UserSchema, { id, orgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Adds a user now (not at the commit): an email already taken is refused here, as a conflict. */
  async add(tx: Transaction, user: RequiredEntityData<User>): Promise<User> {
    const created = tx.em.create(UserSchema, user);
    try {
      await tx.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ProblemException(ErrorCode.Conflict, 'email: a user with this email exists');
      }
      throw error;
    }
    return created;
  }

  remove(tx: Transaction, user: User): void {
    tx.em.remove(user);
  }

  countActiveOwners(tx: Transaction, orgId: string): Promise<number> {
    return tx.em.count(UserSchema, { orgId, role: 'owner', status: 'active' });
  }
}
