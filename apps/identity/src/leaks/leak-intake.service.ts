import { Inject, Injectable } from '@nestjs/common';
import {
  checkReportSignature,
  hashUnderEach,
  parseReporterKeys,
  SlidingWindowLimiter,
  type ReporterKeys,
  type ReportSignature,
} from '@latchkey/auth-core';
import {
  ErrorCode,
  EventType,
  type ChangeContext,
  type KeyLeakedData,
  type LeakAction,
} from '@latchkey/contracts';
import { ProblemException, UnitOfWork, type Transaction } from '@latchkey/runtime';
import type { LeakReport, LeakReportItem, LeakVerdictView } from '@latchkey/api-routes';
import { configuredPeppers, IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { KeyInvalidationService, recordEvent } from '../events';
import { ApiKeyRepository, effectiveStatus, KeysService, secretEnded } from '../keys';
import { OrganisationRepository, policyOf } from '../organisations';
import { distinctTokens, effectOf, isCandidate, labelOf, verdictOf, type LeakLabel } from './leak-verdicts';

/** The actor of every change a leak report makes: Latchkey itself, on a reporter's word. */
const LEAK_ACTOR = { type: 'system', id: 'leak-report' } as const;

/** The reason a key revoked by a leak report carries (`key.revoked`). */
export const LEAKED_REASON = 'leaked';

/**
 * Leak reports (POST /security/leaks): throttled per source, the signature checked when present,
 * each token judged (shape and checksum first, then one lookup) and a live one acted on by its
 * organisation's leak_action, with `key.leaked` in the same transaction as the change.
 */
@Injectable()
export class LeakIntakeService {
  private readonly reporterKeys: ReporterKeys;
  private readonly limiter = new SlidingWindowLimiter(Date.now, 100_000);

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly keyRows: ApiKeyRepository,
    private readonly keys: KeysService,
    private readonly organisations: OrganisationRepository,
    private readonly invalidation: KeyInvalidationService,
  ) {
    this.reporterKeys = parseReporterKeys(config.LEAK_REPORTERS);
  }

  async intake(
    report: LeakReport,
    signature: ReportSignature,
    rawBody: string,
    ctx: ChangeContext,
    now = new Date(),
  ): Promise<LeakVerdictView[]> {
    this.throttle(ctx.client_ip ?? 'unknown');
    const check = checkReportSignature(this.reporterKeys, signature, Buffer.from(rawBody, 'utf8'));
    if (check === 'invalid')
      throw new ProblemException(
        ErrorCode.InvalidSignature,
        'the report signature does not verify against a configured reporter key',
      );
    const context: ChangeContext = { ...ctx, actor: LEAK_ACTOR };
    const labels = new Map<string, LeakLabel>();
    for (const item of distinctTokens(report)) {
      labels.set(item.token, await this.judge(item, check === 'verified', context, now));
    }
    return report.map((item) => verdictOf(item, labels.get(item.token) ?? 'false_positive'));
  }

  /** Every report counts, whatever it holds: a source that floods is refused before any work. */
  private throttle(source: string): void {
    const { LEAK_REPORT_LIMIT: limit, LEAK_REPORT_WINDOW_SECONDS: window } = this.config;
    const rate = this.limiter.take(`leak:${source}`, limit, window);
    if (!rate.allowed)
      throw new ProblemException(
        ErrorCode.RateLimited,
        'too many leak reports from this source; try again later',
        {},
        { 'retry-after': String(Math.max(1, rate.resetSeconds)) },
      );
  }

  /** One token: a false positive without a lookup unless shape and checksum hold; acted on if live. */
  private async judge(item: LeakReportItem, signed: boolean, ctx: ChangeContext, now: Date) {
    if (!isCandidate(item.token)) return labelOf(null);
    const peppers = configuredPeppers(this.config);
    const secret = await this.keyRows.findPresentedSecret(hashUnderEach(peppers, item.token), peppers, now);
    const key = secret && !secretEnded(secret, now) ? await this.keyRows.find(secret.keyId) : null;
    const live = key !== null && effectiveStatus(key, now) === 'active';
    if (key && live) await this.act(key.orgId, key.id, item, signed, ctx, now);
    return labelOf({ live });
  }

  /** The organisation's leak_action on the key, and `key.leaked`, in one transaction. */
  private async act(
    orgId: string,
    keyId: string,
    item: LeakReportItem,
    signed: boolean,
    ctx: ChangeContext,
    now: Date,
  ): Promise<void> {
    const action: LeakAction = policyOf(await this.organisations.get(orgId)).leak_action;
    const effect = effectOf(action);
    const record = async (tx: Transaction) => {
      const key = await this.keyRows.lock(tx, orgId, keyId);
      if (!key) return;
      key.leakedAt = now;
      key.leakUrl = item.url;
      key.leakSource = item.source;
      key.leakType = item.type;
      key.leakAction = action;
      if (effect.quarantine && key.status === 'active') key.quarantinedAt ??= now;
      key.updatedAt = now;
      const data: KeyLeakedData = {
        key_id: key.id,
        url: item.url,
        source: item.source,
        type: item.type,
        action,
        signed,
        ...ctx,
      };
      recordEvent(tx, EventType.KeyLeaked, orgId, key.id, data);
    };
    if (effect.revoke) {
      // A revocation like any other (key.revoked with reason `leaked`, replicas told at once and
      // confirming), with the leak recorded in the same transaction.
      await this.keys.revoke(orgId, keyId, LEAKED_REASON, ctx, now, record);
      return;
    }
    await this.unit.run(record);
    // Replicas drop what they cached: the next lookup carries the quarantine.
    if (effect.quarantine) await this.invalidation.announceAndCount(keyId);
  }
}
