import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import {
  API_ROUTES,
  type KeyInvalidation,
  type KeyLookupReply,
  type KeyLookupRequest,
  type UserInvalidation,
} from '@latchkey/contracts';
import { RouteMatcher, SlidingWindowLimiter } from '@latchkey/auth-core';
import { EventBus } from '@latchkey/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { KeyCache } from '../key-cache/key-cache';
import { PrincipalSigner } from '../principal/principal-signer';
import { SharedRateLimiter } from '../rate-limit/shared-rate-limiter';
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
export class GatewayRuntime implements OnModuleInit, OnModuleDestroy {
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
  private readonly rpc: ClientNats;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) readonly config: GatewayConfig,
    @Inject(EventBus) readonly bus: EventBus,
  ) {
    this.limiter = new SharedRateLimiter(
      bus.nc,
      bus.subjects.rateLimitSync,
      this.gatewayId,
      config.RATE_LIMIT_SYNC_MS,
    );
    this.trustedProxies = new TrustedProxies(config.TRUSTED_PROXIES);
    this.forwardedFor = new ForwardedForWatch(this.trustedProxies);
    this.proxy = new UpstreamProxy(config.UPSTREAM_TIMEOUT_MS);
    this.tokens = new TokenVerifier(config.IDENTITY_URL, (request) =>
      this.request(bus.subjects.userLookup, request),
    );
    this.rpc = new ClientNats({
      servers: config.NATS_URL.split(','),
      name: 'gateway-rpc',
      maxReconnectAttempts: -1,
    });
    this.cache = new KeyCache({
      pepper: config.KEY_PEPPER,
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
    // Identity announces key changes on a plain subject; every replica evicts and acknowledges.
    this.bus.nc.subscribe(this.bus.subjects.keyInvalidate, {
      callback: (error, msg) => {
        if (error) return;
        try {
          const { key_id, revoked } = msg.json<Partial<KeyInvalidation>>();
          if (typeof key_id === 'string') {
            if (revoked === true) this.cache.markRevoked(key_id);
            else this.cache.evict(key_id);
          }
          msg.respond(JSON.stringify({ gateway: this.gatewayId, evicted: true }));
        } catch {
          // A malformed control message is ignored.
        }
      },
    });
    // Identity announces users whose role, status or credentials changed (or who were removed):
    // their older tokens stop working here; the replica confirms, as for a key.
    this.bus.nc.subscribe(this.bus.subjects.userInvalidate, {
      callback: (error, msg) => {
        if (error) return;
        try {
          const { user_id, role, active, credential_version } = msg.json<Partial<UserInvalidation>>();
          if (typeof user_id === 'string' && typeof role === 'string' && typeof active === 'boolean') {
            this.tokens.userChanged({
              user_id,
              role,
              active,
              ...(Number.isSafeInteger(credential_version) ? { credential_version } : {}),
            });
            msg.respond(JSON.stringify({ gateway: this.gatewayId, applied: true }));
          }
        } catch {
          // A malformed control message is ignored.
        }
      },
    });
    // Every replica's heartbeat: the rate limiter splits each key's headroom among the replicas.
    this.bus.nc.subscribe(this.bus.subjects.gatewayHeartbeat, {
      callback: (error, msg) => {
        if (error) return;
        try {
          const { gateway } = msg.json<{ gateway?: unknown }>();
          if (typeof gateway === 'string') this.limiter.notePeer(gateway);
        } catch {
          // Not a heartbeat: ignore.
        }
      },
    });
    this.usage.start();
    this.limiter.start();
    // Announce this replica, so identity knows how many should confirm an invalidation.
    const heartbeat = () =>
      this.bus.nc.publish(this.bus.subjects.gatewayHeartbeat, JSON.stringify({ gateway: this.gatewayId }));
    heartbeat();
    this.heartbeat = setInterval(heartbeat, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.limiter.stop();
    await this.usage.stop();
    await this.rpc.close();
    await this.proxy.close();
  }

  private lookup(request: KeyLookupRequest): Promise<KeyLookupReply> {
    return this.request<KeyLookupRequest, KeyLookupReply>(this.bus.subjects.keyLookup, request);
  }

  /** Request/reply to identity over NATS, within the lookup timeout. */
  private request<Request, Reply>(subject: string, request: Request): Promise<Reply> {
    return firstValueFrom(
      this.rpc.send<Reply, Request>(subject, request).pipe(timeout(this.config.KEY_LOOKUP_TIMEOUT_MS)),
    );
  }
}
