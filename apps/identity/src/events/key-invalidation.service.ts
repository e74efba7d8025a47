import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { KeyInvalidation, UserInvalidation } from '@latchkey/contracts';
import { EventBus } from '@latchkey/messaging';

/** A replica that has not announced itself for this long is no longer counted. */
const PRESENCE_TTL_MS = 15_000;

export interface Propagation {
  replicas_confirmed: number;
  replicas_known: number;
}

/**
 * Tells every gateway replica to drop a cached key (plain NATS, not the stream: it must be instant,
 * and a replica that misses it still expires its entry within the bounded staleness). Replicas
 * reply, so a revocation can report how many confirmed; they also announce themselves, so the
 * report can say how many there are.
 */
@Injectable()
export class KeyInvalidationService implements OnApplicationBootstrap {
  private readonly logger = new Logger('key-invalidation');
  private readonly replicas = new Map<string, number>();

  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  onApplicationBootstrap(): void {
    this.bus.nc.subscribe(this.bus.subjects.gatewayHeartbeat, {
      callback: (error, msg) => {
        if (error) return;
        try {
          const { gateway } = msg.json<{ gateway?: unknown }>();
          if (typeof gateway === 'string') this.replicas.set(gateway, Date.now());
        } catch {
          // Not a heartbeat: ignore.
        }
      },
    });
  }

  knownReplicas(now = Date.now()): number {
    for (const [id, seen] of this.replicas) if (now - seen > PRESENCE_TTL_MS) this.replicas.delete(id);
    return this.replicas.size;
  }

  /** Fire and forget: for changes where nobody waits for the confirmation. */
  announce(keyId: string, change: { revoked?: boolean } = {}): void {
    try {
      this.bus.nc.publish(this.bus.subjects.keyInvalidate, invalidation(keyId, change));
    } catch (error) {
      this.logger.warn(`invalidation not sent (gateways fall back to bounded staleness): ${String(error)}`);
    }
  }

  /**
   * A user's role, status or credentials changed, or the user was removed: replicas accept the
   * user's tokens only with this role, while active and of this credential version, and confirm
   * like for a key. Identity's own routes check the database.
   */
  announceUserChange(change: UserInvalidation, maxWaitMs = 2000): Promise<Propagation> {
    return this.announceCounting(this.bus.subjects.userInvalidate, JSON.stringify(change), maxWaitMs);
  }

  /** Announces and waits up to `maxWaitMs` for the replicas' confirmations. */
  announceAndCount(
    keyId: string,
    change: { revoked?: boolean } = {},
    maxWaitMs = 2000,
  ): Promise<Propagation> {
    return this.announceCounting(this.bus.subjects.keyInvalidate, invalidation(keyId, change), maxWaitMs);
  }

  private async announceCounting(subject: string, message: string, maxWaitMs: number): Promise<Propagation> {
    const known = this.knownReplicas();
    const confirmed = new Set<string>();
    try {
      const replies = await this.bus.nc.requestMany(subject, message, {
        maxWait: maxWaitMs,
        // Stop as soon as every known replica answered; otherwise collect for the whole wait.
        ...(known > 0 ? { strategy: 'count' as const, maxMessages: known } : { strategy: 'timer' as const }),
      });
      for await (const reply of replies) {
        try {
          const { gateway } = reply.json<{ gateway?: unknown }>();
          if (typeof gateway === 'string') confirmed.add(gateway);
        } catch {
          // A reply that is not a confirmation does not count.
        }
      }
    } catch (error) {
      this.logger.warn(`invalidation confirmations incomplete: ${String(error)}`);
    }
    return { replicas_confirmed: confirmed.size, replicas_known: Math.max(known, confirmed.size) };
  }
}

function invalidation(keyId: string, change: { revoked?: boolean }): string {
  const message: KeyInvalidation = change.revoked ? { key_id: keyId, revoked: true } : { key_id: keyId };
  return JSON.stringify(message);
}
