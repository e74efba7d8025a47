import fc from 'fast-check';

/**
 * Generators of hostile requests from an OpenAPI operation: values that follow the operation's
 * schemas closely enough to reach the code behind validation, with one or two fields replaced by
 * something hostile, and requests that break the schema, the JSON or the HTTP framing altogether.
 */

/** The parts of JSON Schema (as zod writes it) the generators read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

/** JSON text written verbatim: `-0`, `1e400`, nesting deeper than any serializer would recurse. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as a list of members, so that duplicate keys and `__proto__` can be written. */
export class Members {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof Members)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return toJsonText(new Members(Object.entries(value as Record<string, unknown>)));
  return JSON.stringify(value) ?? 'null';
}

/** Percent-encodes like a form or query string; a lone surrogate becomes the bytes a careless client sends. */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      code >= 0xd800 && code <= 0xdfff
        ? `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase()
        : encodeURIComponent(char);
  }
  return out;
}

/** Values the API may accept that a schema cannot describe: known ids and the scope grammar's words. */
export interface Dictionary {
  /** Ids of rows that exist in the caller's organisation (keys, users, projects, …). */
  ids: readonly string[];
  /**
   * Other tokens worth trying as strings, by a fragment of the property names they suit (`scope`,
   * `ip`, `path`, `currency`); a property no fragment names may get any of them.
   */
  words: Readonly<Record<string, readonly string[]>>;
}

/** The words suited to a property by its name, or undefined when no fragment names it. */
function suitedWords(dict: Dictionary, name: string): readonly string[] | undefined {
  const suited = Object.entries(dict.words).filter(([fragment]) => name.includes(fragment));
  return suited.length > 0 ? suited.flatMap(([, words]) => words) : undefined;
}

const NUL = '\u0000';
const LONE_HIGH = '\ud800';
const LONE_LOW = '\udfff';

/** Strings that have broken services: control characters, unpaired surrogates, odd Unicode. */
const HOSTILE_STRINGS: readonly string[] = [
  NUL,
  `a${NUL}b`,
  `${NUL}${NUL}`,
  LONE_HIGH,
  LONE_LOW,
  `a${LONE_HIGH}b`,
  `${LONE_LOW}${LONE_HIGH}`,
  '\u0001\u001f\u007f',
  '\ufeff',
  '\u202e\u0644\u0627',
  '\u200b',
  '\u2028\u2029',
  '\ud83d\ude00',
  'A\u030a',
  '\u00c5',
  '   ',
  '',
  "'; drop table x; --",
  '%00',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '=cmd|"/c calc"!A1',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  'null',
  'true',
  '[]',
  '{}',
];

/** Timestamps and dates at and past the edges of what PostgreSQL and JavaScript both represent. */
const HOSTILE_DATES: readonly string[] = [
  '0000-01-01T00:00:00Z',
  '0000-12-31T23:59:59.999Z',
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '0001-01-01T00:00:00+23:59',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-23:59',
  '9999-12-31T23:00:00-01:00',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2023-02-30T00:00:00Z',
  '2024-02-29T24:00:00Z',
  '2024-01-01T23:59:60Z',
  '2024-01-01T00:00:00.123456789123Z',
  '2024-01-01T00:00:00+24:00',
  '2024-01-01T00:00:00',
  '2024-01-01',
  '1970-01-01T00:00:00Z',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '2023-02-29',
  '2024-13-01',
  `2024-01-01${NUL}`,
];

/** Numbers as JSON text: what JSON allows and JavaScript or PostgreSQL may choke on. */
const HOSTILE_NUMBERS: readonly unknown[] = [
  new RawJson('-0'),
  new RawJson('-0.0'),
  new RawJson('1e400'),
  new RawJson('-1e400'),
  new RawJson('1E2'),
  new RawJson('0.1e-400'),
  new RawJson('123456789012345678901234567890'),
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  0.5,
  -1,
  0,
  'NaN',
  'Infinity',
  '1',
  '0x10',
  ' 1',
];

const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, 1, '', 'x', [], {}, [null], { a: 1 }, [[]]];

/** Nested arrays or objects, as raw text (no serializer recursion), deeper than anything sane. */
export function deepJson(depth: number, kind: 'array' | 'object'): RawJson {
  return kind === 'array'
    ? new RawJson('['.repeat(depth) + ']'.repeat(depth))
    : new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

/** The branches of a union (`anyOf`, `oneOf`), or the schema itself. */
function branches(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema];
}

function safeRegExp(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** `length` characters that are each one UTF-16 unit, some of them combining marks: near-limit text. */
function textOfLength(length: number): fc.Arbitrary<string> {
  return fc.constantFrom('a', 'é', '\u0301', 'ß', 'Ω', '中').map((char) => char.repeat(Math.max(0, length)));
}

/** Surrogate pairs count twice in UTF-16 and once as a character: length limits measured either way. */
function astralOfLength(codeUnits: number): string {
  return '\ud83d\ude00'.repeat(Math.floor(codeUnits / 2)) + (codeUnits % 2 === 1 ? 'a' : '');
}

function validDateTime(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.date({
        min: new Date('2001-01-01T00:00:00Z'),
        max: new Date('2090-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.constantFrom('Z', '+02:00', '-05:30'),
    )
    .map(([date, zone]) => date.toISOString().replace('Z', zone === 'Z' ? 'Z' : zone));
}

function validString(schema: JsonSchema, dict: Dictionary, name: string): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'date-time') return validDateTime();
  if (schema.format === 'date') return validDateTime().map((text) => text.slice(0, 10));
  if (schema.format === 'email') return fc.nat({ max: 1_000_000 }).map((n) => `fuzz.${n}@example.com`);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const regex = safeRegExp(schema.pattern);
  const fits = (word: string) => word.length >= min && word.length <= max && (!regex || regex.test(word));
  const random = regex
    ? fc.stringMatching(regex).filter((s) => s.length <= max)
    : fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 40) }).filter(fits);
  // A property the dictionary has words for (scopes, IPs, paths, currencies) mostly gets those.
  const suited = suitedWords(dict, name)?.filter(fits) ?? [];
  if (suited.length > 0)
    return fc.oneof({ arbitrary: fc.constantFrom(...suited), weight: 6 }, { arbitrary: random, weight: 1 });
  // An id-shaped property mostly gets ids that exist (a random one is only ever "not found").
  const ids = regex ? dict.ids.filter(fits) : [];
  if (ids.length > 0)
    return fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: random, weight: 1 });
  return random;
}

/** A value meant to pass the schema (it may not: refinements the schema cannot express). */
export function validValue(
  schema: JsonSchema,
  dict: Dictionary,
  depth = 0,
  name = '',
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = branches(schema);
  if (options.length > 1) return fc.oneof(...options.map((branch) => validValue(branch, dict, depth, name)));
  const types = typesOf(schema);
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'string':
      return validString(schema, dict, name);
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
      const bounded = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
      return fc.oneof(bounded, fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}, dict, depth + 1, name), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      // Optional members now and then: each one is a chance for the whole body to be refused.
      const members = Object.entries(properties).map(([key, property]) => {
        const value = validValue(property, dict, depth + 1, key).map((v) => [[key, v] as const]);
        return required.has(key)
          ? value
          : fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: value, weight: 1 });
      });
      return fc.tuple(...members).map((parts) => new Members(parts.flat()));
    }
    default:
      // `{}`: any JSON at all (a webhook payload).
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/**
 * A value at or past the edges of what the schema allows, of the type it asks for: the values that
 * pass validation yet break what comes after it (a column, a date, a derived name).
 */
function boundaryValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const all = branches(schema);
  const types = new Set(all.flatMap(typesOf));
  const options: fc.Arbitrary<unknown>[] = [
    // Hostile text inside otherwise ordinary text.
    fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(NUL, LONE_HIGH, LONE_LOW),
        fc.string({ maxLength: 8 }),
      )
      .map(([a, bad, b]) => a + bad + b),
    fc.constantFrom(...HOSTILE_STRINGS),
  ];
  if (types.has('string') || types.size === 0) {
    const limit = all.map((s) => s.maxLength).find((m) => m !== undefined) ?? 200;
    if (all.some((s) => s.format === 'date-time' || s.format === 'date'))
      options.push(fc.constantFrom(...HOSTILE_DATES));
    // At the limit, one past it, and the limit in characters that take two UTF-16 units each.
    options.push(
      fc.constantFrom(limit, limit + 1, limit - 1).chain((n) => textOfLength(n)),
      fc.constantFrom(
        astralOfLength(limit),
        astralOfLength(limit + 2),
        `${'a'.repeat(Math.max(0, limit - 1))}${LONE_HIGH}`,
        ` ${'b'.repeat(Math.max(0, limit - 1))} `,
        ' '.repeat(limit + 1),
        'x'.repeat(100_000),
      ),
    );
  }
  if (types.has('integer') || types.has('number')) {
    const bounds = all.flatMap((s) => [s.minimum, s.maximum]).filter((n) => n !== undefined);
    options.push(fc.constantFrom(...HOSTILE_NUMBERS));
    if (bounds.length > 0)
      options.push(fc.constantFrom(...bounds.flatMap((n) => [n - 1, n + 1, n + 0.5, String(n)])));
  }
  if (types.has('array')) {
    const items = all.map((s) => s.maxItems).find((m) => m !== undefined) ?? 100;
    options.push(
      fc.constantFrom(
        Array.from({ length: items + 1 }, (_, i) => `item${i}`),
        Array.from({ length: items }, () => NUL),
        [LONE_HIGH],
        new Array(10_000).fill(1),
      ),
    );
  }
  if (types.size === 0 || types.has('object')) {
    options.push(fc.constantFrom(deepJson(64, 'array'), deepJson(200, 'object'), deepJson(5000, 'array')));
  }
  return fc.oneof(...options);
}

/** A value meant to be refused (or to be mishandled): the hostile counterpart of `validValue`. */
export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: boundaryValue(schema), weight: 4 },
    { arbitrary: fc.constantFrom(...WRONG_TYPES), weight: 1 },
    { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 1 },
    { arbitrary: fc.constantFrom(deepJson(64, 'array'), deepJson(5000, 'array')), weight: 1 },
  );
}

/** A JSON object body built from the schema, with hostile members; or another top-level value. */
export function hostileJsonBody(schema: JsonSchema, dict: Dictionary): fc.Arbitrary<string> {
  const objectLike = branches(schema).some((s) => typesOf(s).includes('object'));
  const declared = branches(schema).flatMap((s) => Object.entries(s.properties ?? {}));
  const valid = validValue(schema, dict).map((value) => (value instanceof Members ? value : new Members([])));
  const mutated: fc.Arbitrary<unknown> =
    objectLike && declared.length > 0
      ? fc
          .tuple(
            valid,
            fc.array(
              fc
                .constantFrom(...declared)
                .chain(([name, property]) => hostileValue(property).map((value) => [name, value] as const)),
              { minLength: 1, maxLength: 2 },
            ),
          )
          .map(([body, replacements]) => {
            const replaced = new Set(replacements.map(([name]) => name));
            return new Members([...body.entries.filter(([name]) => !replaced.has(name)), ...replacements]);
          })
      : hostileValue(schema);
  const structural: fc.Arbitrary<unknown> = fc.oneof(
    // Members the schema does not declare, keys that poison prototypes, the same key twice.
    valid.map((body) => new Members([...body.entries, ['unknown_field', 1]])),
    valid.map((body) => new Members([...body.entries, ['__proto__', { polluted: true }]])),
    valid.map((body) => new Members([...body.entries, ['constructor', { prototype: { polluted: true } }]])),
    valid.map((body) => new Members([['__proto__', null], ...body.entries])),
    valid.map((body) => new Members([...body.entries, ...body.entries.map(([k]) => [k, NUL] as const)])),
    valid.map((body) => new Members([...body.entries, [NUL, 1], [LONE_HIGH, 2], ['', 3]])),
    valid.map((body) => new Members([...body.entries, ['nested', deepJson(100, 'object')]])),
    fc.constant(new Members(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i] as const))),
    fc.constantFrom(deepJson(10_000, 'array'), deepJson(2_000, 'object'), deepJson(33, 'array')),
    fc.constantFrom(...WRONG_TYPES),
  );
  return fc
    .oneof(
      { arbitrary: mutated, weight: 5 },
      { arbitrary: valid, weight: 2 },
      { arbitrary: structural, weight: 3 },
    )
    .map(toJsonText);
}

export interface HostileBody {
  contentType?: string;
  body?: string;
}

/** The body of a write, and how it is labelled: mostly JSON, sometimes anything but. */
export function hostileBody(schema: JsonSchema | undefined, dict: Dictionary): fc.Arbitrary<HostileBody> {
  const json = hostileJsonBody(schema ?? {}, dict);
  const form = validValue(schema ?? {}, dict)
    .chain((value) =>
      fc
        .constantFrom(...HOSTILE_STRINGS)
        .map((bad) => [...(value instanceof Members ? value.entries : []), ['name', bad] as const]),
    )
    .map((entries) =>
      entries
        .map(([k, v]) => `${percentEncode(k)}=${percentEncode(typeof v === 'string' ? v : toJsonText(v))}`)
        .join('&'),
    );
  return fc.oneof(
    { arbitrary: json.map((body) => ({ contentType: 'application/json', body })), weight: 12 },
    { arbitrary: json.map((body) => ({ contentType: 'application/json; charset=utf-8', body })), weight: 1 },
    {
      arbitrary: form.map((body) => ({ contentType: 'application/x-www-form-urlencoded', body })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'text/plain; charset=utf-8',
            'application/xml',
            'multipart/form-data; boundary=x',
            'application/octet-stream',
            'application/json; charset=utf-16',
            'application/merge-patch+json',
            'application/problem+json',
            'Application/JSON',
            'application/json, text/plain',
            ';;;',
            '*/*',
          ),
          fc.oneof(json, fc.constantFrom(`a${NUL}b`, `{"a":"${NUL}"}`, 'plain text', '')),
        )
        .map(([contentType, body]) => ({ contentType, body })),
      weight: 3,
    },
    {
      arbitrary: fc.constantFrom<HostileBody>(
        { contentType: 'application/json', body: '' },
        { contentType: 'application/json', body: '{' },
        { contentType: 'application/json', body: '{"a":1,}' },
        { contentType: 'application/json', body: '\ufeff{}' },
        { contentType: 'application/json', body: 'nul\u0000l' },
        { contentType: 'application/json', body: '{"a":"\u0000"}' },
        { contentType: 'application/json', body: '{"a":"\\ud800"}' },
        { contentType: 'application/json', body: '{"\\u0000":1}' },
        { contentType: 'application/json', body: '"\\udc00"' },
        { body: '{}' },
        {},
      ),
      weight: 2,
    },
  );
}

/** Valid values for a query parameter, percent-encoded. */
function validQueryValue(schema: JsonSchema, dict: Dictionary, name: string): fc.Arbitrary<string> {
  return validValue(schema, dict, 0, name).map((value) =>
    percentEncode(typeof value === 'string' ? value : toJsonText(value)),
  );
}

/** Hostile values for a query parameter, already percent-encoded (some deliberately malformed). */
function hostileQueryValue(schema: JsonSchema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const dates = schema.format === 'date-time' || schema.format === 'date' ? HOSTILE_DATES : [];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...dates).map(percentEncode), weight: 4 },
    ...(dates.length > 0 ? [{ arbitrary: fc.constantFrom(...dates).map(percentEncode), weight: 4 }] : []),
    {
      arbitrary: fc.constantFrom(
        '%00',
        'a%00b',
        '%ED%A0%80',
        '%F0%9F%98',
        '%C0%80',
        '%FF',
        '%zz',
        '%',
        '1e309',
        '-0',
        '-1',
        'NaN',
        'Infinity',
        '0x10',
        '1.5',
        '9007199254740993',
        '%20',
        '+',
      ),
      weight: 4,
    },
    { arbitrary: fc.constantFrom(max, max + 1).map((n) => 'q'.repeat(n)), weight: 2 },
    // Long enough that two of them pass Node's header limit (16 KiB, the URL included).
    { arbitrary: fc.constant('w'.repeat(8000)), weight: 1 },
  );
}

const QUERY_EXTRAS = [
  'unknown=1',
  '__proto__=x',
  '__proto__[polluted]=1',
  'constructor=x',
  'constructor[prototype][polluted]=1',
  'a[b]=c',
  'a[]=1&a[]=2',
  '%00=1',
  '=',
  '&&&',
  'flag',
  '%ED%A0%80=1',
] as const;

/**
 * A query string: mostly valid values for some declared parameters with one of them replaced by a
 * hostile value (so that it is the only reason to refuse, and reaches what runs after validation);
 * sometimes a parameter twice, undeclared ones or prototype keys.
 */
export function hostileQuery(
  parameters: readonly OpenApiParameter[],
  dict: Dictionary,
): fc.Arbitrary<string> {
  const declared = parameters.filter((p) => p.in === 'query');
  const validParts = fc.tuple(
    ...declared.map((p) =>
      fc.oneof(
        { arbitrary: fc.constant<string[]>([]), weight: 2 },
        {
          arbitrary: validQueryValue(p.schema ?? {}, dict, p.name).map((v) => [`${p.name}=${v}`]),
          weight: 1,
        },
      ),
    ),
  );
  const extra = fc.constantFrom(...QUERY_EXTRAS);
  if (declared.length === 0) return fc.oneof(fc.constant(''), extra);
  const mutated = fc.tuple(validParts, fc.nat({ max: declared.length - 1 })).chain(([parts, index]) => {
    const target = declared[index] as OpenApiParameter;
    return hostileQueryValue(target.schema ?? {}).map((bad) => {
      const kept = parts.filter((_, i) => i !== index).flat();
      return [...kept, `${target.name}=${bad}`].join('&');
    });
  });
  const repeated = fc
    .tuple(validParts, fc.constantFrom(...declared))
    .chain(([parts, p]) =>
      fc
        .tuple(validQueryValue(p.schema ?? {}, dict, p.name), hostileQueryValue(p.schema ?? {}))
        .map(([a, b]) => [...parts.flat(), `${p.name}=${a}`, `${p.name}=${b}`].join('&')),
    );
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: validParts.map((parts) => parts.flat().join('&')), weight: 1 },
    { arbitrary: repeated, weight: 1 },
    { arbitrary: fc.tuple(validParts, extra).map(([parts, e]) => [...parts.flat(), e].join('&')), weight: 2 },
  );
}

/** A path segment for a parameter: mostly an id that exists, sometimes one that breaks things. */
export function hostilePathSegment(candidates: readonly string[]): fc.Arbitrary<string> {
  const hostile = fc.constantFrom(
    '%00',
    'key%00',
    '%ED%A0%80',
    '%FF',
    '%zz',
    '%2F',
    '%2e%2e',
    '__proto__',
    'constructor',
    '%C3%A9',
    '%F0%9F%98%80',
    'x'.repeat(100),
    'x'.repeat(101),
    'x'.repeat(5000),
    "'",
    '-1',
    '0',
  );
  return candidates.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...candidates), weight: 3 }, { arbitrary: hostile, weight: 2 })
    : hostile;
}

/** A header value for a declared header parameter (Idempotency-Key), within what HTTP can carry. */
export function hostileHeader(schema: JsonSchema | undefined, dict: Dictionary): fc.Arbitrary<string> {
  const max = schema?.maxLength ?? 100;
  return fc.oneof(
    validString({ ...schema, pattern: undefined }, dict, '').filter((s) => /^[\x21-\x7e]+$/.test(s)),
    fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'x'.repeat(8000), ' ', 'a b', '\u00e9\u00ff', '\t'),
  );
}
