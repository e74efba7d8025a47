import { SlidingWindowLimiter } from '@latchkey/auth-core';

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Failed logins per account and attempts per client IP, over a sliding window. Kept per replica:
 * with N identity replicas an attacker gets at most N times the budget, still bounded.
 */
export class LoginThrottle {
  private readonly limiter = new SlidingWindowLimiter();

  constructor(
    private readonly maxFailuresPerAccount: number,
    private readonly maxAttemptsPerIp: number,
    private readonly windowSeconds: number,
  ) {}

  /** Counts an attempt from `ip`; refuses when the IP or the account has no budget left. */
  attempt(ip: string, account: string): ThrottleVerdict {
    const ipVerdict = this.limiter.take(`ip:${ip}`, this.maxAttemptsPerIp, this.windowSeconds);
    if (!ipVerdict.allowed) return { allowed: false, retryAfterSeconds: ipVerdict.resetSeconds };
    const accountState = this.limiter.peek(
      `account:${account}`,
      this.maxFailuresPerAccount,
      this.windowSeconds,
    );
    if (!accountState.allowed) return { allowed: false, retryAfterSeconds: accountState.resetSeconds };
    return { allowed: true, retryAfterSeconds: 0 };
  }

  recordFailure(account: string): void {
    this.limiter.take(`account:${account}`, Number.MAX_SAFE_INTEGER, this.windowSeconds);
  }
}
