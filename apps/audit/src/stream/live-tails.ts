import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  BusMessagePurpose,
  type KeyInvalidation,
  type Principal,
  type UserInvalidation,
} from '@latchkey/contracts';
import { ed25519VerifyRing, ReplayGuard, verifyAnnouncement, type BusKeyRing } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import {
  BusRefusals,
  HealthRegistry,
  subscribeSignedAnnouncements,
  subscriptionCheck,
} from '@latchkey/runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';

/** One open live tail: ended by its credential's change, waits no longer than it must. */
export interface LiveTail {
  /** True once the tail's key or user changed: the loop stops and the stream ends. */
  readonly ended: boolean;
  /** Waits `ms`, or less if the tail ends meanwhile. */
  pause(ms: number): Promise<void>;
  /** Removes the tail from the registry (the stream is over for any reason). */
  close(): void;
}

class Tail implements LiveTail {
  ended = false;
  private wake: (() => void) | undefined;

  constructor(private readonly onClose: (tail: Tail) => void) {}

  pause(ms: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  close(): void {
    this.onClose(this);
  }
}

/**
 * The open live tails by the key and the user they were opened with. Identity announces every key
 * change (revoked, deleted, rotated, updated, expired) and every user role or status change on
 * plain NATS for the gateways; audit listens too and ends the matching tails at once, so a revoked
 * key or a disabled user stops receiving events now rather than when the principal expires (≤ 30 s).
 * Ending is the safe side for any change: the client resumes with Last-Event-ID through the
 * gateway, which decides afresh whether the credential may still read the trail.
 */
@Injectable()
export class LiveTails implements OnApplicationBootstrap {
  private readonly byKey = new Map<string, Set<Tail>>();
  private readonly byUser = new Map<string, Set<Tail>>();

  private readonly identityRing: BusKeyRing;
  private readonly refusals = new BusRefusals();

  constructor(
    @Inject(EventBus) private readonly bus: EventBus,
    @Inject(AUDIT_CONFIG) config: Pick<AuditConfig, 'BUS_PUBLIC_KEYS'>,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.identityRing = ed25519VerifyRing(config.BUS_PUBLIC_KEYS);
  }

  onApplicationBootstrap(): void {
    // Only what identity signed, fresh and not seen before, ends a tail (ADR 0015). No reply: the
    // confirmations identity waits for count gateway replicas only.
    const keyGuard = new ReplayGuard();
    const keys = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.keyInvalidate,
      'key_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, this.identityRing, keyGuard),
      ({ message }) => {
        const { key_id } = message as Partial<KeyInvalidation>;
        if (typeof key_id === 'string') this.endAll(this.byKey, key_id);
      },
    );
    const userGuard = new ReplayGuard();
    const users = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.userInvalidate,
      'user_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.UserInvalidation, wire, this.identityRing, userGuard),
      ({ message }) => {
        const { user_id } = message as Partial<UserInvalidation>;
        if (typeof user_id === 'string') this.endAll(this.byUser, user_id);
      },
    );
    // Without them a revoked credential's live tail would stay open: not ready.
    this.health.register(subscriptionCheck('tail_key_invalidations', keys));
    this.health.register(subscriptionCheck('tail_user_invalidations', users));
  }

  /** Registers a tail opened with `principal`: an API key (or its access token), or a user's token. */
  open(principal: Principal): LiveTail {
    const index =
      principal.kind === 'user'
        ? ([this.byUser, principal.subject] as const)
        : principal.key_id !== undefined
          ? ([this.byKey, principal.key_id] as const)
          : undefined;
    const tail = new Tail((closed) => {
      if (!index) return;
      const [map, id] = index;
      const set = map.get(id);
      set?.delete(closed);
      if (set?.size === 0) map.delete(id);
    });
    if (index) {
      const [map, id] = index;
      let set = map.get(id);
      if (!set) map.set(id, (set = new Set()));
      set.add(tail);
    }
    return tail;
  }

  /** How many tails are open (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of [...this.byKey.values(), ...this.byUser.values()]) n += set.size;
    return n;
  }

  private endAll(map: Map<string, Set<Tail>>, id: string): void {
    const tails = map.get(id);
    if (!tails) return;
    map.delete(id);
    for (const tail of tails) tail.end();
  }
}
