import { ClientNats } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import type { BusMessagePurpose } from '@latchkey/contracts';
import { newBusNonce, verifyLookupReply, type BusKeyRing, type BusRefusalReason } from '@latchkey/auth-core';
import type { EventBus } from '@latchkey/messaging';
import type { BusMessageKind, BusRefusals } from './bus-trust';

/** Identity's reply did not authenticate: the caller treats it as no answer (fail closed). */
export class BusMessageRefused extends Error {
  constructor(
    readonly kind: BusMessageKind,
    readonly reason: BusRefusalReason,
  ) {
    super(`${kind} refused: ${reason}`);
  }
}

/**
 * Lookups to identity over NATS request/reply (Nest's transport), each with a fresh nonce; the
 * reply is used only if identity signed it for this nonce and this question (ADR 0015). Whatever
 * else answers, and however, the caller gets either identity's word or an error, never a guess.
 */
export class IdentityRpc {
  private readonly client: ClientNats;

  constructor(
    private readonly options: {
      /** The process's bus connection options (its nkey, its inbox prefix): EventBus.connectionOptions. */
      connection: ReturnType<EventBus['connectionOptions']>;
      timeoutMs: number;
      ring: BusKeyRing;
      refusals: BusRefusals;
    },
  ) {
    this.client = new ClientNats(options.connection);
  }

  connect(): Promise<unknown> {
    return this.client.connect();
  }

  /**
   * Readiness: the client's connection is not closed for good (it reconnects forever otherwise).
   * Before connect() there is nothing to judge.
   */
  async check(): Promise<void> {
    let nc: { isClosed(): boolean } | undefined;
    try {
      nc = this.client.unwrap<{ isClosed(): boolean }>();
    } catch {
      return;
    }
    if (nc?.isClosed()) throw new Error('identity lookup connection closed');
  }

  close(): Promise<unknown> {
    return this.client.close();
  }

  async ask<Request extends object, Reply>(
    subject: string,
    purpose: BusMessagePurpose,
    kind: BusMessageKind,
    request: Request,
  ): Promise<Reply> {
    const asked = { ...request, nonce: newBusNonce() };
    const wire = await firstValueFrom(
      this.client.send<unknown, typeof asked>(subject, asked).pipe(timeout(this.options.timeoutMs)),
    );
    const verified = verifyLookupReply<Reply>(purpose, wire, asked, this.options.ring);
    if (!verified.ok) {
      this.options.refusals.record(kind, verified.reason);
      throw new BusMessageRefused(kind, verified.reason);
    }
    return verified.value;
  }
}
