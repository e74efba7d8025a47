// allowed_paths matching: the worst glob issuance accepts against the longest path the gateway
// accepts (goal ≤ 50 µs per match), the common case, and the old regular-expression matcher for scale.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { load1, save } from './lib.mjs';

const require = createRequire(import.meta.url);
const { PathGlob } = require('@latchkey/auth-core');
const { ALLOWED_PATH_RULES, MAX_URL_LENGTH, allowedPathProblem } = require('@latchkey/contracts');

/** The matcher before: a regular expression built from the glob on every request (it backtracks). */
function oldMatches(path, glob) {
  const pattern = glob
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const deep = glob.endsWith('/*') ? `^${pattern.slice(0, -'[^/]*'.length)}.+$` : `^${pattern}$`;
  return new RegExp(deep).test(path);
}

/** Microseconds per call of `fn`, the best of `rounds` timed batches (noise only ever adds time). */
function microsPerCall(fn, { minMs = 20, rounds = 5 } = {}) {
  let calls = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    if (performance.now() - started >= minMs) break;
    calls *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    best = Math.min(best, ((performance.now() - started) * 1000) / calls);
  }
  return best;
}

const fit = (text) => text.slice(0, MAX_URL_LENGTH);
const repeatTo = (unit, length, head = '/') => fit(head + unit.repeat(Math.ceil(length / unit.length)));

// Paths of the longest length the gateway accepts, shaped to make globs work hard: one huge segment,
// thousands of tiny ones, near-misses at the end, runs of the characters the globs look for.
const paths = {
  one_segment: repeatTo('a', MAX_URL_LENGTH),
  one_segment_b_at_end: `${repeatTo('a', MAX_URL_LENGTH - 2)}b`,
  tiny_segments: repeatTo('a/', MAX_URL_LENGTH),
  tiny_segments_b_at_end: `${repeatTo('/a', MAX_URL_LENGTH - 2, '')}/b`,
  mid_segments: repeatTo(`${'a'.repeat(63)}/`, MAX_URL_LENGTH),
  mixed: repeatTo('ab/aab/aaab/a/', MAX_URL_LENGTH),
  webhook_deep: repeatTo('x/', MAX_URL_LENGTH, '/v1/webhooks/whc_1/'),
};

const max = ALLOWED_PATH_RULES.maxLength;
const w = ALLOWED_PATH_RULES.maxWildcards;
const long = (unit) => unit.repeat(Math.floor((max - 10) / unit.length));
// Hand-made candidates for the worst glob issuance accepts: long literal runs that almost match,
// every wildcard spent on pieces that must be searched for, the one `**` placed to split the work.
const handMade = [
  `/**/${long('a/').slice(0, -1)}`,
  `/${long('a/')}**`,
  `/**${'*a'.repeat(w - 1)}b`,
  `/${'*a'.repeat(w - 1)}**b`,
  `/*${'a'.repeat(60)}*${'a'.repeat(60)}*${'a'.repeat(60)}*${'a'.repeat(60)}**${'a'.repeat(60)}*${'a'.repeat(60)}*${'a'.repeat(60)}*b`,
  `/${'*a'.repeat(w)}`,
  `/${long('a/')}${'*/'.repeat(w - 1)}*`,
  `/${long('*/').slice(0, (w - 1) * 2)}${long('a/').slice(0, max - 20)}**`,
  `/**/${'a*'.repeat(w - 1)}${long('a').slice(0, 300)}`,
  `/${long('a').slice(0, 200)}*${long('a').slice(0, 200)}**b`,
  '/v1/webhooks/whc_1/*',
  '/v1/**',
].filter((glob) => allowedPathProblem(glob) === undefined);

// Random candidates within the rules, from the characters the paths above are made of.
function randomGlob(seed) {
  let state = seed;
  const next = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const units = ['a', 'a', 'aa', 'b', '/', '/', '*', '**', 'a/', 'ab'];
  let glob = '/';
  while (glob.length < 20 + next(max - 20)) glob += units[next(units.length)];
  return glob.slice(0, max);
}
const random = Array.from({ length: 4000 }, (_, i) => randomGlob(i + 1)).filter(
  (glob) => allowedPathProblem(glob) === undefined,
);

// Screen every candidate against every path quickly, then time the slowest ones properly.
const screened = [];
for (const glob of [...handMade, ...random]) {
  const compiled = PathGlob.compile(glob);
  for (const [pathName, path] of Object.entries(paths)) {
    const started = performance.now();
    for (let i = 0; i < 20; i++) compiled.matches(path);
    screened.push({ glob, pathName, screen_us: ((performance.now() - started) * 1000) / 20 });
  }
}
screened.sort((a, b) => b.screen_us - a.screen_us);
const timed = screened.slice(0, 12).map(({ glob, pathName }) => {
  const compiled = PathGlob.compile(glob);
  const path = paths[pathName];
  return {
    glob: glob.length > 80 ? `${glob.slice(0, 60)}… (${glob.length} chars)` : glob,
    path: pathName,
    matches: compiled.matches(path),
    us_per_match: Number(microsPerCall(() => compiled.matches(path)).toFixed(3)),
  };
});
timed.sort((a, b) => b.us_per_match - a.us_per_match);
const worst = timed[0];

// The common case, as the gateway meets it: a webhook key's glob against its ingest path.
const webhookGlob = PathGlob.compile('/v1/webhooks/whc_1/*');
const common = {
  new_compiled_once_us: Number(
    microsPerCall(() => webhookGlob.matches('/v1/webhooks/whc_1/events')).toFixed(4),
  ),
  old_regex_per_request_us: Number(
    microsPerCall(() => oldMatches('/v1/webhooks/whc_1/events', '/v1/webhooks/whc_1/*')).toFixed(4),
  ),
};

// The old matcher for scale: k `**` against a short path of a's that fails at the end. Stops once a
// match takes over 200 ms (it grows exponentially in k); the new matcher on the same input beside it.
const old = [];
for (let k = 2; k <= 12; k++) {
  const glob = `/${'**a'.repeat(k)}b`;
  const path = `/${'a'.repeat(64)}`;
  const started = performance.now();
  oldMatches(path, glob);
  const oldMs = performance.now() - started;
  old.push({
    doubled_stars: k,
    path_length: path.length,
    old_ms: Number(oldMs.toFixed(3)),
    new_us: Number(microsPerCall(() => PathGlob.compile(glob).matches(path), { minMs: 5 }).toFixed(3)),
  });
  if (oldMs > 200) break;
}

// Globs beyond the rules (several `**`), which only keys issued before the rules can hold: still
// polynomial (a chunk between two `**` is searched for), measured so the bound's value is on record.
const beyondRules = [
  `/**${'/a'.repeat(120)}/*b/**`,
  `/**/${'a*'.repeat(100)}b/**`,
  `/**${'/*a'.repeat(80)}/b/**c`,
  `/${'**a'.repeat(160)}b`,
  `/**/*${'/a'.repeat(120)}*/**/b`,
].map((text) => {
  const glob = PathGlob.compile(text.slice(0, max));
  const slowest = Object.entries(paths)
    .map(([pathName, path]) => ({
      pathName,
      us: microsPerCall(() => glob.matches(path), { minMs: 20, rounds: 2 }),
    }))
    .sort((a, b) => b.us - a.us)[0];
  return {
    glob: `${text.slice(0, 40)}… (${Math.min(text.length, max)} chars)`,
    path: slowest.pathName,
    us_per_match: Number(slowest.us.toFixed(1)),
  };
});
beyondRules.sort((a, b) => b.us_per_match - a.us_per_match);

save('path-glob', {
  paths: Object.fromEntries(Object.entries(paths).map(([name, p]) => [name, p.length])),
  candidates: { hand_made: handMade.length, random_within_rules: random.length },
  slowest: timed,
  common_case: common,
  old_matcher_growth: old,
  beyond_rules: beyondRules,
  summary: {
    worst_us_per_match: worst.us_per_match,
    worst_glob: worst.glob,
    worst_path: worst.path,
    path_length: MAX_URL_LENGTH,
    rules: ALLOWED_PATH_RULES,
    goal_us: 50,
    meets_goal: worst.us_per_match <= 50,
    common_case_us: common.new_compiled_once_us,
    common_case_old_us: common.old_regex_per_request_us,
    old_matcher_slowest: old[old.length - 1],
    beyond_rules_worst: beyondRules[0],
    load1: load1(),
  },
});
