import { ErrorCode } from '@latchkey/contracts';
import { ProblemException } from '@latchkey/runtime';
import type { IdentityConfig } from '../config';
import type { ThrottledAttempt, ThrottleLimits, ThrottleVerdict } from './login-throttle';

/** The throttle's limits as configured (sign-ins and exchanges share the settings, not the budgets). */
export function throttleLimitsOf(config: IdentityConfig): ThrottleLimits {
  return {
    failuresBeforeDelay: config.LOGIN_FAILURES_BEFORE_DELAY,
    maxDelaySeconds: config.LOGIN_MAX_DELAY_SECONDS,
    accountMaxFailures: config.LOGIN_ACCOUNT_MAX_FAILURES,
    sourceMaxFailures: config.LOGIN_SOURCE_MAX_FAILURES,
    windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
  };
}

/** The admitted attempt, or the throttle's 429 with a Retry-After that is enough to wait. */
export function admitted(verdict: ThrottleVerdict): ThrottledAttempt {
  if (verdict.allowed) return verdict.attempt;
  throw new ProblemException(
    ErrorCode.RateLimited,
    'too many attempts; try again later',
    {},
    { 'retry-after': String(verdict.retryAfterSeconds) },
  );
}

/** Runs a step of an attempt; if it throws (not a refusal: an error), the attempt counts as nothing. */
export async function settledOnError<T>(attempt: ThrottledAttempt, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    attempt.cancelled();
    throw error;
  }
}
