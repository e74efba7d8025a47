import fc from 'fast-check';
import {
  CredentialThrottle,
  delayAfterFailures,
  type ThrottleLimits,
  type ThrottleVerdict,
} from './login-throttle';

const LIMITS: ThrottleLimits = {
  failuresBeforeDelay: 5,
  maxDelaySeconds: 60,
  accountMaxFailures: 30,
  sourceMaxFailures: 40,
  windowSeconds: 600,
};

function setup(limits: Partial<ThrottleLimits> = {}) {
  let now = 1_000_000_000_000;
  const throttle = new CredentialThrottle({ ...LIMITS, ...limits }, () => now);
  const advance = (ms: number) => (now += ms);
  /** One attempt settled at once: `true` for the right credential. */
  const attempt = (account: string | undefined, source: string, right: boolean): ThrottleVerdict => {
    const verdict = throttle.begin(account, source);
    if (verdict.allowed) {
      if (right) verdict.attempt.succeeded();
      else verdict.attempt.failed();
    }
    return verdict;
  };
  /** Fails as soon as the throttle lets it, `times` times; returns each wait it was told. */
  const failPatiently = (account: string, source: string, times: number): number[] => {
    const waits: number[] = [];
    for (let i = 0; i < times; i++) {
      let verdict = attempt(account, source, false);
      while (!verdict.allowed) {
        waits.push(verdict.retryAfterSeconds);
        advance(verdict.retryAfterSeconds * 1000);
        verdict = attempt(account, source, false);
      }
    }
    return waits;
  };
  return { throttle, advance, attempt, failPatiently };
}

describe('CredentialThrottle', () => {
  it("an attacker failing on an account from one source never keeps the victim's right password out from another", () => {
    const { attempt } = setup();
    for (let i = 0; i < 25; i++) attempt('victim@acme.example', '203.0.113.66', false);
    expect(attempt('victim@acme.example', '203.0.113.66', false).allowed).toBe(false);
    expect(attempt('victim@acme.example', '198.51.100.7', true).allowed).toBe(true);
  });

  it('after the free failures, each further failure from one source doubles the wait, up to the cap', () => {
    const { failPatiently } = setup({ maxDelaySeconds: 60 });
    // 5 free failures, then 1 s, 2 s, 4 s, … 32 s, then 60 s (capped), 60 s.
    expect(failPatiently('a@acme.example', '203.0.113.1', 14)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('Retry-After is honest: one second less is refused again, exactly that long passes', () => {
    const { attempt, advance } = setup();
    for (let i = 0; i < 7; i++) {
      const verdict = attempt('a@acme.example', '203.0.113.1', false);
      if (!verdict.allowed) break;
    }
    const refused = attempt('a@acme.example', '203.0.113.1', false);
    if (refused.allowed) throw new Error('expected a refusal');
    advance(refused.retryAfterSeconds * 1000 - 1000);
    expect(attempt('a@acme.example', '203.0.113.1', true).allowed).toBe(false);
    advance(1000);
    expect(attempt('a@acme.example', '203.0.113.1', true).allowed).toBe(true);
  });

  it('successes consume nothing: a thousand right passwords from one source leave its whole budget', () => {
    const { attempt } = setup({ sourceMaxFailures: 3, failuresBeforeDelay: 3 });
    for (let i = 0; i < 1000; i++)
      expect(attempt(`u${i % 7}@acme.example`, '203.0.113.1', true).allowed).toBe(true);
    // All three failures are still available, then the source is refused.
    for (let i = 0; i < 3; i++)
      expect(attempt(`x${i}@acme.example`, '203.0.113.1', false).allowed).toBe(true);
    expect(attempt('y@acme.example', '203.0.113.1', false).allowed).toBe(false);
  });

  it('a success forgets the consecutive failures of its account and source', () => {
    const { attempt } = setup();
    for (let i = 0; i < 4; i++) attempt('a@acme.example', '203.0.113.1', false);
    expect(attempt('a@acme.example', '203.0.113.1', true).allowed).toBe(true);
    // Five free failures again.
    for (let i = 0; i < 5; i++) expect(attempt('a@acme.example', '203.0.113.1', false).allowed).toBe(true);
    expect(attempt('a@acme.example', '203.0.113.1', false).allowed).toBe(false);
  });

  it('an attempt that ends in an error, not a decision, counts as nothing', () => {
    const { throttle, attempt } = setup({ sourceMaxFailures: 5 });
    for (let i = 0; i < 20; i++) {
      const verdict = throttle.begin('a@acme.example', '203.0.113.1');
      if (!verdict.allowed) throw new Error('refused');
      verdict.attempt.cancelled();
    }
    for (let i = 0; i < 5; i++) expect(attempt('a@acme.example', '203.0.113.1', false).allowed).toBe(true);
    expect(attempt('a@acme.example', '203.0.113.1', false).allowed).toBe(false);
  });

  it('attempts in flight count: concurrent guesses cannot overtake the free failures', () => {
    const { throttle } = setup();
    const verdicts = Array.from({ length: 50 }, () => throttle.begin('a@acme.example', '203.0.113.1'));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it('the account-wide ceiling bounds guessing spread over many sources, but not a source the account signed in from', () => {
    const { attempt, advance } = setup({ accountMaxFailures: 30 });
    expect(attempt('victim@acme.example', '198.51.100.7', true).allowed).toBe(true);
    // 10 sources × 3 failures each: 30 failures on the account, none slowed per source.
    for (let s = 0; s < 10; s++)
      for (let i = 0; i < 3; i++)
        expect(attempt('victim@acme.example', `203.0.113.${s}`, false).allowed).toBe(true);
    const refused = attempt('victim@acme.example', '203.0.113.99', false);
    expect(refused.allowed).toBe(false);
    // The victim's own address is known to the account: still let in.
    expect(attempt('victim@acme.example', '198.51.100.7', true).allowed).toBe(true);
    // The ceiling lifts when the oldest failure leaves the window, as Retry-After says.
    if (refused.allowed) throw new Error('expected a refusal');
    expect(refused.retryAfterSeconds).toBe(600);
    advance(refused.retryAfterSeconds * 1000);
    expect(attempt('victim@acme.example', '203.0.113.99', false).allowed).toBe(true);
  });

  it('the per-source ceiling stops credential stuffing across accounts', () => {
    const { attempt } = setup({ sourceMaxFailures: 40 });
    for (let i = 0; i < 40; i++)
      expect(attempt(`user${i}@acme.example`, '203.0.113.5', false).allowed).toBe(true);
    expect(attempt('user41@acme.example', '203.0.113.5', false).allowed).toBe(false);
    expect(attempt('user41@acme.example', '203.0.113.6', false).allowed).toBe(true);
  });

  it('a credential that names no account is limited by its source only', () => {
    const { attempt } = setup({ sourceMaxFailures: 3 });
    for (let i = 0; i < 3; i++) expect(attempt(undefined, '203.0.113.5', false).allowed).toBe(true);
    expect(attempt(undefined, '203.0.113.5', true).allowed).toBe(false);
    expect(attempt(undefined, '203.0.113.6', true).allowed).toBe(true);
  });

  it('failures are forgotten after the window without one', () => {
    const { attempt, advance, failPatiently } = setup({ windowSeconds: 600, maxDelaySeconds: 60 });
    failPatiently('a@acme.example', '203.0.113.1', 8);
    advance(600_001);
    for (let i = 0; i < 5; i++) expect(attempt('a@acme.example', '203.0.113.1', false).allowed).toBe(true);
  });
});

describe('CredentialThrottle memory', () => {
  it('is bounded: beyond maxEntries, the least recently failed pair is forgotten, the others kept', () => {
    const now = 1_000_000_000_000;
    const throttle = new CredentialThrottle(
      { ...LIMITS, failuresBeforeDelay: 1, sourceMaxFailures: 1000, accountMaxFailures: 1000 },
      () => now,
      2,
    );
    const fail = (account: string) => {
      const verdict = throttle.begin(account, '10.0.0.1');
      if (verdict.allowed) verdict.attempt.failed();
      return verdict.allowed;
    };
    expect(fail('a@example.com')).toBe(true);
    expect(fail('b@example.com')).toBe(true);
    // Both pairs are remembered: a second failure at once must wait.
    expect(fail('b@example.com')).toBe(false);
    // A third pair evicts the least recently failed one (a), keeps b.
    expect(fail('c@example.com')).toBe(true);
    expect(fail('a@example.com')).toBe(true);
    expect(fail('c@example.com')).toBe(false);
  });
});

describe('the throttle’s decision, for any sequence of attempts', () => {
  const limitsArb = fc.record({
    failuresBeforeDelay: fc.integer({ min: 1, max: 6 }),
    maxDelaySeconds: fc.integer({ min: 1, max: 120 }),
    accountMaxFailures: fc.integer({ min: 1, max: 40 }),
    sourceMaxFailures: fc.integer({ min: 1, max: 40 }),
    windowSeconds: fc.constant(600),
  });
  /** One attempt: whose account, from which source, right or wrong, and how long after the last. */
  const attemptArb = fc.record({
    account: fc.constantFrom('a@acme.example', 'b@acme.example', undefined),
    source: fc.constantFrom('203.0.113.1', '203.0.113.2'),
    right: fc.boolean(),
    afterMs: fc.integer({ min: 0, max: 5_000 }),
  });

  it('the wait after consecutive failures is none up to the free ones, never shrinks with more, and never exceeds the cap', () => {
    fc.assert(
      fc.property(limitsArb, fc.integer({ min: 0, max: 200 }), (limits, failures) => {
        const wait = delayAfterFailures(failures, limits);
        if (failures < limits.failuresBeforeDelay) expect(wait).toBe(0);
        else expect(wait).toBeGreaterThanOrEqual(1000);
        expect(wait).toBeLessThanOrEqual(limits.maxDelaySeconds * 1000);
        expect(delayAfterFailures(failures + 1, limits)).toBeGreaterThanOrEqual(wait);
      }),
    );
  });

  it('waiting exactly the Retry-After a refusal names is always enough', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(attemptArb, { maxLength: 80 }), (limits, attempts) => {
        let now = 1_000_000_000_000;
        const throttle = new CredentialThrottle(limits, () => now, 1_000);
        for (const { account, source, right, afterMs } of attempts) {
          now += afterMs;
          const verdict = throttle.begin(account, source);
          if (verdict.allowed) {
            if (right) verdict.attempt.succeeded();
            else verdict.attempt.failed();
            continue;
          }
          expect(verdict.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          now += verdict.retryAfterSeconds * 1000;
          const again = throttle.begin(account, source);
          expect(again.allowed).toBe(true);
          if (again.allowed) again.attempt.failed();
        }
      }),
    );
  });

  it('successes cost nothing: a right credential from a source never refused before is never refused', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(attemptArb, { maxLength: 80 }), (limits, attempts) => {
        let now = 1_000_000_000_000;
        const throttle = new CredentialThrottle(limits, () => now, 1_000);
        for (const { account, source, afterMs } of attempts) {
          now += afterMs;
          const verdict = throttle.begin(account, source);
          expect(verdict.allowed).toBe(true);
          if (verdict.allowed) verdict.attempt.succeeded();
        }
      }),
    );
  });
});
