import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { KeyLookupReply, KeyLookupRequest } from '@latchkey/contracts';
import { ApiKeySchema, toSnapshot } from '../keys/api-key.entity';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Answers the gateway's lookups (NATS request/reply) on a cache miss. */
@Injectable()
export class KeyLookupService {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async lookup(request: KeyLookupRequest): Promise<KeyLookupReply> {
    if (typeof request?.secret_hash !== 'string' || !HASH_PATTERN.test(request.secret_hash)) return { found: false };
    const key = await this.orm.em.fork().findOne(ApiKeySchema, { secretHash: request.secret_hash, deletedAt: null });
    return key ? { found: true, key: toSnapshot(key, new Date()) } : { found: false };
  }
}
