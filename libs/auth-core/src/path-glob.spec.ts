import fc from 'fast-check';
import { ALLOWED_PATH_RULES, allowedPathProblem } from '@latchkey/contracts';
import { PathGlob } from './path-glob';

/**
 * The matcher as it was: the glob turned into a regular expression. It backtracks (exponentially
 * in the number of `**`), so it serves only as the reference on small inputs.
 */
function referenceMatches(path: string, glob: string): boolean {
  const pattern = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const deep = glob.endsWith('/*') ? `^${pattern.slice(0, -'[^/]*'.length)}.+$` : `^${pattern}$`;
  return new RegExp(deep).test(path);
}

const matches = (path: string, glob: string) => PathGlob.compile(glob).matches(path);

describe('PathGlob', () => {
  const glob = '/v1/webhooks/whc_1/*';

  it('a trailing /* allows paths below that prefix', () => {
    expect(matches('/v1/webhooks/whc_1/events', glob)).toBe(true);
    expect(matches('/v1/webhooks/whc_1/events/evt_1', glob)).toBe(true);
  });

  it('a trailing /* does not allow the prefix itself', () => {
    expect(matches('/v1/webhooks/whc_1', glob)).toBe(false);
  });

  it('a webhook key restricted to its connection does not reach another connection', () => {
    expect(matches('/v1/webhooks/whc_2/events', glob)).toBe(false);
    expect(matches('/v1/webhooks/whc_10/events', glob)).toBe(false);
    expect(matches('/v1/webhooks/whc_/events', glob)).toBe(false);
  });

  it('for any two connection ids, a path-restricted key reaches only its own', () => {
    const id = fc.stringMatching(/^whc_[A-Za-z0-9]{1,8}$/);
    fc.assert(
      fc.property(id, id, (own, other) => {
        fc.pre(own !== other);
        expect(matches(`/v1/webhooks/${own}/events`, `/v1/webhooks/${own}/*`)).toBe(true);
        expect(matches(`/v1/webhooks/${other}/events`, `/v1/webhooks/${own}/*`)).toBe(false);
      }),
    );
  });

  it('a * inside the glob stands for exactly one segment, or part of one', () => {
    expect(matches('/v1/webhooks/whc_9/events', '/v1/webhooks/*/events')).toBe(true);
    expect(matches('/v1/webhooks/a/b/events', '/v1/webhooks/*/events')).toBe(false);
    expect(matches('/v1/webhooks/whc_9/events/x', '/v1/webhooks/*/events')).toBe(false);
    expect(matches('/v1/webhooks/whc_9/events', '/v1/webhooks/whc_*/events')).toBe(true);
    expect(matches('/v1/webhooks/prj_9/events', '/v1/webhooks/whc_*/events')).toBe(false);
  });

  it('** spans any number of segments, also in the middle of a glob', () => {
    expect(matches('/v1/a/b/c', '/v1/**')).toBe(true);
    expect(matches('/v2/a', '/v1/**')).toBe(false);
    expect(matches('/v1/a/b/events', '/v1/**/events')).toBe(true);
    expect(matches('/v1/a/b/events/x', '/v1/**/events')).toBe(false);
  });

  it('a glob without wildcards matches only that exact path', () => {
    expect(matches('/v1/projects', '/v1/projects')).toBe(true);
    expect(matches('/v1/projects/prj_1', '/v1/projects')).toBe(false);
    expect(matches('/v1/projectsX', '/v1/projects')).toBe(false);
  });

  it('regular-expression characters in a glob are literal', () => {
    expect(matches('/v1/a.b', '/v1/a.b')).toBe(true);
    expect(matches('/v1/aXb', '/v1/a.b')).toBe(false);
    expect(matches('/v1/a+b', '/v1/a+b')).toBe(true);
    expect(matches('/v1/aab', '/v1/a+b')).toBe(false);
  });

  it('the glob that froze the old matcher (many ** against a long path) answers like the reference on a short path', () => {
    const glob = `/${'**a'.repeat(12)}b`;
    for (const path of ['/aaab', '/a/a/a/a/a/a/a/a/a/a/a/a/b', `/${'a/'.repeat(20)}`])
      expect(matches(path, glob)).toBe(referenceMatches(path, glob));
    // Far beyond what the reference could answer in any time: a match decided at once.
    expect(matches(`/${'a'.repeat(8000)}`, glob)).toBe(false);
    expect(matches(`/${'a/'.repeat(4000)}b`, glob)).toBe(false);
    expect(matches(`/${'a/'.repeat(4000)}ab`, glob)).toBe(true);
  });
});

/** Glob and path pieces from a small alphabet, so that random pairs match often and hit every rule. */
const globPiece = fc.constantFrom('/', '/', 'a', 'b', 'ab', '.', '*', '*', '**', '***', '/*', '+');
const pathPiece = fc.constantFrom('/', '/', 'a', 'b', 'ab', 'ba', '.', '+', 'x');
const globText = fc.array(globPiece, { maxLength: 9 }).map((pieces) => pieces.join(''));
const pathText = fc.array(pathPiece, { maxLength: 14 }).map((pieces) => `/${pieces.join('')}`);

/** A path the glob should match, made by filling each wildcard (tests both answers, not mostly "no"). */
function instanceOf(glob: string, fill: string[]): string {
  let i = 0;
  const next = () => fill[i++ % fill.length] ?? '';
  return glob.replace(/\*+/g, (run) => (run.length === 1 ? next().replace(/\//g, '') : next()));
}

describe('PathGlob answers exactly what the old regular expression answered', () => {
  it('for any glob and path over a small alphabet', () => {
    fc.assert(
      fc.property(globText, pathText, (glob, path) => {
        expect(matches(path, glob)).toBe(referenceMatches(path, glob));
      }),
      { numRuns: 20_000 },
    );
  });

  it('for any glob and a path made from it by filling its wildcards (and then perturbed)', () => {
    const fill = fc.array(
      fc.array(pathPiece, { maxLength: 4 }).map((p) => p.join('')),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.array(globPiece, { maxLength: 12 }).map((p) => `/${p.join('')}`),
        fill,
        fc.nat(20),
        fc.constantFrom('', 'a', '/', '/a'),
        (glob, values, cut, extra) => {
          const filled = instanceOf(glob, values);
          for (const path of [filled, filled.slice(0, filled.length - (cut % 3)), filled + extra])
            expect(matches(path, glob)).toBe(referenceMatches(path, glob));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('for any glob the issuance rules accept, against realistic paths', () => {
    const segment = fc.constantFrom('v1', 'webhooks', 'whc_1', 'whc_2', 'events', 'evt_1', 'leads', 'a.b');
    const ruleGlob = fc
      .array(fc.oneof(segment, fc.constantFrom('*', '**', 'whc_*', '*_1', '*.*')), {
        minLength: 1,
        maxLength: 6,
      })
      .map((segments) => `/${segments.join('/')}`)
      .filter((glob) => allowedPathProblem(glob) === undefined);
    const path = fc.array(segment, { maxLength: 8 }).map((segments) => `/${segments.join('/')}`);
    fc.assert(
      fc.property(ruleGlob, path, (glob, p) => {
        expect(matches(p, glob)).toBe(referenceMatches(p, glob));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('allowedPathProblem (the issuance bound)', () => {
  it.each([
    '/v1/webhooks/whc_1/*',
    '/v1/leads',
    '/v1/**',
    '/v1/projects/*/leads/*',
    '/v1/webhooks/whc_*/events',
    '/v1/**/events',
    `/${'a'.repeat(ALLOWED_PATH_RULES.maxLength - 1)}`,
    `/v1${'/*'.repeat(ALLOWED_PATH_RULES.maxWildcards - 1)}/x/**`,
  ])('accepts %s', (glob) => expect(allowedPathProblem(glob)).toBeUndefined());

  it.each([
    ['not absolute', 'v1/leads', 'absolute path'],
    ['a character outside a path', '/v1/le ads', 'absolute path'],
    ['too long', `/${'a'.repeat(ALLOWED_PATH_RULES.maxLength)}`, 'at most 500 characters'],
    ['two **', '/v1/**/events/**', 'at most one **'],
    ['** and a trailing /*', '/v1/**/events/*', 'at most one **'],
    ['a run of three *', '/v1/***', '***'],
    ['too many wildcards', `/v1${'/*'.repeat(ALLOWED_PATH_RULES.maxWildcards + 1)}/x`, 'at most 8 wildcards'],
  ])('refuses %s, naming the rule', (_why, glob, rule) => expect(allowedPathProblem(glob)).toContain(rule));

  it('every glob it accepts has at most one wildcard that spans segments', () => {
    fc.assert(
      fc.property(
        globText.map((g) => `/${g}`),
        (glob) => {
          fc.pre(allowedPathProblem(glob) === undefined);
          const deep = (glob.match(/\*\*/g)?.length ?? 0) + (glob.endsWith('/*') ? 1 : 0);
          expect(deep).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
