import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BusMessagePurpose, type KeyInvalidation, type UserInvalidation } from '@latchkey/contracts';
import {
  BusSequence,
  newBusNonce,
  ReplayGuard,
  signAnnouncement,
  verifyAnnouncement,
  verifyConfirmation,
} from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { subscribeSignedAnnouncements } from '@latchkey/runtime';
import { IdentityBusKeys } from '../bus-trust';
import { recordPropagation, type InvalidationKind, type Propagation } from './propagation-metrics';

/** A replica that has not announced itself for this long is no longer counted. */
const PRESENCE_TTL_MS = 15_000;

export type { Propagation } from './propagation-metrics';

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
  /** This replica's name as a sender: gateways keep one sequence per identity replica. */
  private readonly sender = `identity-${hostname()}-${process.pid}-${newBusNonce().slice(0, 8)}`;
  private readonly sequence = new BusSequence();
  private readonly heartbeats = new ReplayGuard();

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(IdentityBusKeys) private readonly keys: IdentityBusKeys,
  ) {}

  onApplicationBootstrap(): void {
    // Only heartbeats a gateway signed count: a forged one would raise how many replicas a
    // revocation waits for (and reports as missing).
    subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.gatewayHeartbeat,
      'gateway_heartbeat',
      this.keys.refusals,
      (wire) =>
        verifyAnnouncement(BusMessagePurpose.GatewayHeartbeat, wire, this.keys.gateways, this.heartbeats),
      ({ sender }) => this.replicas.set(sender, Date.now()),
    );
  }

  knownReplicas(now = Date.now()): number {
    for (const [id, seen] of this.replicas) if (now - seen > PRESENCE_TTL_MS) this.replicas.delete(id);
    return this.replicas.size;
  }

  /** Fire and forget: for changes where nobody waits for the confirmation. */
  announce(keyId: string, change: { revoked?: boolean } = {}): void {
    try {
      const { message } = this.signed(BusMessagePurpose.KeyInvalidation, invalidation(keyId, change));
      this.bus.nc.publish(this.bus.subjects.keyInvalidate, message);
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
    return this.announceCounting(
      'user',
      this.bus.subjects.userInvalidate,
      this.signed(BusMessagePurpose.UserInvalidation, { ...change }),
      maxWaitMs,
    );
  }

  /** Announces and waits up to `maxWaitMs` for the replicas' confirmations. */
  announceAndCount(
    keyId: string,
    change: { revoked?: boolean } = {},
    maxWaitMs = 2000,
  ): Promise<Propagation> {
    return this.announceCounting(
      'key',
      this.bus.subjects.keyInvalidate,
      this.signed(BusMessagePurpose.KeyInvalidation, invalidation(keyId, change)),
      maxWaitMs,
    );
  }

  /**
   * The announcement signed by identity (ADR 0015), with this replica's sequence (replicas refuse a
   * replay) and a fresh nonce each confirmation must name.
   */
  private signed(
    purpose: typeof BusMessagePurpose.KeyInvalidation | typeof BusMessagePurpose.UserInvalidation,
    change: Record<string, unknown>,
  ): { message: string; nonce: string } {
    const nonce = newBusNonce();
    const wire = signAnnouncement(
      purpose,
      this.sender,
      this.sequence.next(),
      { ...change, nonce },
      this.keys.signing,
    );
    return { message: JSON.stringify(wire), nonce };
  }

  private async announceCounting(
    kind: InvalidationKind,
    subject: string,
    { message, nonce }: { message: string; nonce: string },
    maxWaitMs: number,
  ): Promise<Propagation> {
    const known = this.knownReplicas();
    const confirmed = new Set<string>();
    try {
      // Collect for the whole wait, and stop as soon as every known replica confirmed: counting
      // replies instead would let anything that answers first (unsigned, forged) end the wait.
      const replies = await this.bus.nc.requestMany(subject, message, {
        maxWait: maxWaitMs,
        strategy: 'timer',
      });
      for await (const reply of replies) {
        // Only a confirmation a gateway signed for this announcement counts.
        let wire: unknown;
        try {
          wire = reply.json<unknown>();
        } catch {
          this.keys.refusals.record('invalidation_confirmation', 'malformed');
          continue;
        }
        const verified = verifyConfirmation(wire, nonce, this.keys.gateways);
        if (verified.ok) confirmed.add(verified.value);
        else this.keys.refusals.record('invalidation_confirmation', verified.reason);
        if (known > 0 && confirmed.size >= known) break;
      }
    } catch (error) {
      this.logger.warn(`invalidation confirmations incomplete: ${String(error)}`);
    }
    const propagation = {
      replicas_confirmed: confirmed.size,
      replicas_known: Math.max(known, confirmed.size),
    };
    recordPropagation(kind, propagation);
    return propagation;
  }
}

function invalidation(keyId: string, change: { revoked?: boolean }): Record<string, unknown> {
  const message: KeyInvalidation = change.revoked ? { key_id: keyId, revoked: true } : { key_id: keyId };
  return { ...message };
}
