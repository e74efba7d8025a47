import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  BusMessagePurpose,
  type KeyInvalidation,
  type KeyLookupReply,
  type KeyLookupRequest,
  type UserInvalidation,
  type UserLookupReply,
  type UserLookupRequest,
} from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import {
  BusSequence,
  ed25519SigningRing,
  ed25519VerifyRing,
  hmacRing,
  ReplayGuard,
  RouteMatcher,
  signAnnouncement,
  signConfirmation,
  SlidingWindowLimiter,
  verifyAnnouncement,
  type BusKeyRing,
} from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import {
  BusRefusals,
  HealthRegistry,
  IdentityRpc,
  keyPeppers,
  subscribeSignedAnnouncements,
  subscriptionCheck,
} from '@latchkey/runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { KeyCache } from '../key-cache/key-cache';
import { PrincipalSigner } from '../principal/principal-signer';
import { macSyncCodec, SharedRateLimiter } from '../rate-limit/shared-rate-limiter';
import { UpstreamProxy } from '../proxy/upstream-proxy';
import { ForwardedForWatch, TrustedProxies } from './client-ip';

import { UsageRecorder } from '../usage/usage-recorder';
import { TokenVerifier } from '../user-tokens/token-verifier';

const HEARTBEAT_MS = 5_000;

/**
 * Everything the hot path uses, built once at boot as plain objects (no DI lookups per request),
 * and shut down in order: flush usage before NATS drains.
 */
@Injectable()
export class GatewayRuntime implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('gateway');
  readonly gatewayId = `${hostname()}-${process.pid}`;
  readonly matcher = new RouteMatcher(API_ROUTES);
  readonly limiter: SharedRateLimiter;
  /** Failed authentications per client IP (per replica). */
  readonly authFailures = new SlidingWindowLimiter();
  readonly trustedProxies: TrustedProxies;
  /** Counts, and warns of, X-Forwarded-For from peers that are not trusted proxies. */
  readonly forwardedFor: ForwardedForWatch;
  readonly proxy: UpstreamProxy;
  readonly tokens: TokenVerifier;
  readonly cache: KeyCache;
  readonly usage: UsageRecorder;
  signer!: PrincipalSigner;
  /** Refused bus messages: counted (latchkey_bus_messages_refused_total) and logged without content. */
  readonly refusals = new BusRefusals();
  private readonly rpc: IdentityRpc;
  /** Identity's public keys: lookup replies and invalidations hold only if they verify (ADR 0015). */
  private readonly identityRing: BusKeyRing;
  /** This replica's principal key signs its heartbeats and confirmations; its public half verifies the others'. */
  private readonly gatewayRing: BusKeyRing;
  private readonly heartbeatSequence = new BusSequence();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) readonly config: GatewayConfig,
    @Inject(EventBus) readonly bus: EventBus,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.identityRing = ed25519VerifyRing(config.BUS_PUBLIC_KEYS);
    this.gatewayRing = ed25519SigningRing([config.PRINCIPAL_SIGNING_KEY], 'gateway');
    this.limiter = new SharedRateLimiter(
      bus.nc,
      bus.subjects.rateLimitSync,
      this.gatewayId,
      config.RATE_LIMIT_SYNC_MS,
      macSyncCodec(hmacRing(config.RATE_LIMIT_SYNC_KEYS), (reason) =>
        this.refusals.record('rate_limit_sync', reason),
      ),
    );
    this.trustedProxies = new TrustedProxies(config.TRUSTED_PROXIES);
    this.forwardedFor = new ForwardedForWatch(this.trustedProxies);
    this.proxy = new UpstreamProxy(config.UPSTREAM_TIMEOUT_MS);
    this.rpc = new IdentityRpc({
      connection: bus.connectionOptions('gateway-rpc'),
      timeoutMs: config.KEY_LOOKUP_TIMEOUT_MS,
      ring: this.identityRing,
      refusals: this.refusals,
    });
    this.tokens = new TokenVerifier(config.IDENTITY_URL, (request) =>
      this.rpc.ask<UserLookupRequest, UserLookupReply>(
        bus.subjects.userLookup,
        BusMessagePurpose.UserLookupReply,
        'user_lookup_reply',
        request,
      ),
    );
    this.cache = new KeyCache({
      peppers: keyPeppers(config),
      ttlMs: config.KEY_CACHE_TTL_MS,
      maxStaleMs: Math.max(config.KEY_CACHE_MAX_STALE_MS, config.KEY_CACHE_TTL_MS),
      negativeCacheSize: config.NEGATIVE_CACHE_SIZE,
      positiveCacheSize: config.POSITIVE_CACHE_SIZE,
      lookup: (request) => this.lookup(request),
    });
    this.usage = new UsageRecorder({
      bus,
      flushMs: config.USAGE_FLUSH_MS,
      gatewayId: this.gatewayId,
      denialBudgets: {
        tuplesPerOrg: config.DENIAL_TUPLES_PER_ORG,
        tuplesAnonymous: config.DENIAL_TUPLES_ANONYMOUS,
        orgsPerWindow: config.DENIAL_ORGS_PER_WINDOW,
      },
      onError: (error) => this.logger.warn(`usage publish failed: ${String(error)}`),
    });
  }

  upstreamFor(audience: 'identity' | 'data-api' | 'audit'): string {
    switch (audience) {
      case 'identity':
        return this.config.IDENTITY_URL;
      case 'data-api':
        return this.config.DATA_API_URL;
      case 'audit':
        return this.config.AUDIT_URL;
    }
  }

  async onModuleInit(): Promise<void> {
    this.signer = await PrincipalSigner.create(this.config.PRINCIPAL_SIGNING_KEY);
    await this.rpc.connect();
    // Identity announces key changes on a plain subject; every replica evicts and confirms. Only
    // announcements identity signed, fresh and not seen before, are applied (ADR 0015).
    const keyGuard = new ReplayGuard();
    const keyInvalidations = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.keyInvalidate,
      'key_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.KeyInvalidation, wire, this.identityRing, keyGuard),
      (announcement, respond) => {
        const { key_id, revoked, nonce } = announcement.message as Partial<KeyInvalidation> & {
          nonce?: unknown;
        };
        if (typeof key_id !== 'string') return;
        if (revoked === true) this.cache.markRevoked(key_id);
        else this.cache.evict(key_id);
        if (typeof nonce === 'string') respond(signConfirmation(this.gatewayId, nonce, this.gatewayRing));
      },
    );
    // Identity announces users whose role, status or credentials changed (or who were removed):
    // their older tokens stop working here; the replica confirms, as for a key.
    const userGuard = new ReplayGuard();
    const userInvalidations = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.userInvalidate,
      'user_invalidation',
      this.refusals,
      (wire) => verifyAnnouncement(BusMessagePurpose.UserInvalidation, wire, this.identityRing, userGuard),
      (announcement, respond) => {
        const { user_id, role, active, credential_version, nonce } =
          announcement.message as Partial<UserInvalidation> & {
            nonce?: unknown;
          };
        if (typeof user_id !== 'string' || typeof role !== 'string' || typeof active !== 'boolean') return;
        this.tokens.userChanged({
          user_id,
          role,
          active,
          ...(Number.isSafeInteger(credential_version) ? { credential_version } : {}),
        });
        if (typeof nonce === 'string') respond(signConfirmation(this.gatewayId, nonce, this.gatewayRing));
      },
    );
    // Every replica's heartbeat, signed with its principal key: the rate limiter splits each key's
    // headroom among the replicas, so a forged one would shrink every replica's share.
    const heartbeatGuard = new ReplayGuard();
    const heartbeats = subscribeSignedAnnouncements(
      this.bus.nc,
      this.bus.subjects.gatewayHeartbeat,
      'gateway_heartbeat',
      this.refusals,
      (wire) =>
        verifyAnnouncement(BusMessagePurpose.GatewayHeartbeat, wire, this.gatewayRing, heartbeatGuard),
      (announcement) => this.limiter.notePeer(announcement.sender),
    );
    // Without these a replica would serve revoked keys past the staleness bound, or misjudge its
    // share of each key's rate limit: it is not ready (NATS subscriptions outlive reconnects, so a
    // closed one is gone for good).
    this.health.register(subscriptionCheck('key_invalidations', keyInvalidations));
    this.health.register(subscriptionCheck('user_invalidations', userInvalidations));
    this.health.register(subscriptionCheck('gateway_heartbeats', heartbeats));
    this.health.register({ name: 'identity_lookups', check: () => this.rpc.check() });
    this.usage.start();
    this.limiter.start();
    // Announce this replica, so identity knows how many should confirm an invalidation.
    const heartbeat = () =>
      this.bus.nc.publish(
        this.bus.subjects.gatewayHeartbeat,
        JSON.stringify(
          signAnnouncement(
            BusMessagePurpose.GatewayHeartbeat,
            this.gatewayId,
            this.heartbeatSequence.next(),
            {},
            this.gatewayRing,
          ),
        ),
      );
    heartbeat();
    this.heartbeat = setInterval(heartbeat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  // After the HTTP server has closed and its in-flight requests finished (Nest's destroy hooks run
  // before that): a request still draining, or one that arrived as the replica was stopping, needs
  // the upstream pools and the lookups. Before the bus drains (a global module's hooks run last).
  async onApplicationShutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.limiter.stop();
    await this.usage.stop();
    await this.rpc.close();
    await this.proxy.close();
  }

  private lookup(request: KeyLookupRequest): Promise<KeyLookupReply> {
    return this.rpc.ask<KeyLookupRequest, KeyLookupReply>(
      this.bus.subjects.keyLookup,
      BusMessagePurpose.KeyLookupReply,
      'key_lookup_reply',
      request,
    );
  }
}
