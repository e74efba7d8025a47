import { z } from 'zod';
import { generateEd25519Jwk } from './secrets';
import {
  ConfigError,
  keyPeppers,
  keyPeppersEnv,
  parseConfig,
  principalKeysEnv,
  principalPublicKeys,
  refineKeyPeppers,
  refinePrincipalKeys,
} from './config';

const peppers = z.object(keyPeppersEnv).superRefine(refineKeyPeppers);
const principals = z.object(principalKeysEnv).superRefine(refinePrincipalKeys);
const problemsOf = (schema: z.ZodType, env: Record<string, string>) => {
  try {
    parseConfig(schema, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('rotation settings', () => {
  it('KEY_PEPPER of earlier versions is the list of one pepper with id legacy', () => {
    expect(keyPeppers(parseConfig(peppers, { KEY_PEPPER: A })).map((p) => [p.id, p.secret])).toEqual([
      ['legacy', A],
    ]);
  });

  it('KEY_PEPPERS keeps its order (the first hashes new secrets); each pepper has a tag of its own', () => {
    const list = keyPeppers(
      parseConfig(peppers, {
        KEY_PEPPERS: JSON.stringify([
          { id: 'new', secret: B },
          { id: 'legacy', secret: A },
        ]),
      }),
    );
    expect(list.map((p) => p.id)).toEqual(['new', 'legacy']);
    expect(list[0]!.tag).toMatch(/^[0-9a-f]{16}$/);
    expect(list[0]!.tag).not.toBe(list[1]!.tag);
    // The tag is the secret's, not the id's: the same id with another secret is another pepper.
    expect(keyPeppers({ KEY_PEPPERS: [{ id: 'new', secret: A }] })[0]!.tag).toBe(list[1]!.tag);
  });

  it('an empty variable is unset (an .env file names every variable)', () => {
    expect(keyPeppers(parseConfig(peppers, { KEY_PEPPER: A, KEY_PEPPERS: '' })).map((p) => p.id)).toEqual([
      'legacy',
    ]);
    expect(
      keyPeppers(
        parseConfig(peppers, { KEY_PEPPER: '', KEY_PEPPERS: JSON.stringify([{ id: 'x', secret: B }]) }),
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['both variables', { KEY_PEPPER: A, KEY_PEPPERS: JSON.stringify([{ id: 'x', secret: B }]) }, 'not both'],
    ['neither', {}, 'required'],
    [
      'a duplicate id',
      {
        KEY_PEPPERS: JSON.stringify([
          { id: 'x', secret: A },
          { id: 'x', secret: B },
        ]),
      },
      'KEY_PEPPERS',
    ],
    ['a short secret', { KEY_PEPPERS: JSON.stringify([{ id: 'x', secret: 'short' }]) }, 'KEY_PEPPERS'],
    ['not JSON', { KEY_PEPPERS: 'x:' + A }, 'KEY_PEPPERS'],
  ])('peppers: %s is refused, naming the variable and never a secret', (_what, env, message) => {
    const problems = problemsOf(peppers, env as Record<string, string>);
    expect(problems.join('\n')).toContain(message);
    expect(problems.join('\n')).not.toContain(A);
  });

  it('PRINCIPAL_PUBLIC_KEYS is a set with distinct kids; PRINCIPAL_PUBLIC_KEY a set of one; never both', () => {
    const [one, two] = [generateEd25519Jwk('g1'), generateEd25519Jwk('g2')];
    const set = parseConfig(principals, {
      PRINCIPAL_PUBLIC_KEYS: JSON.stringify([one.publicJwk, two.publicJwk]),
    });
    expect(principalPublicKeys(set).map((k) => k.kid)).toEqual(['g1', 'g2']);
    expect(
      principalPublicKeys(parseConfig(principals, { PRINCIPAL_PUBLIC_KEY: JSON.stringify(one.publicJwk) })),
    ).toHaveLength(1);
    // A private key given by mistake is kept as its public half only.
    const fromPrivate = parseConfig(principals, { PRINCIPAL_PUBLIC_KEYS: JSON.stringify([one.privateJwk]) });
    expect(principalPublicKeys(fromPrivate)[0]).not.toHaveProperty('d');
    expect(
      problemsOf(principals, {
        PRINCIPAL_PUBLIC_KEYS: JSON.stringify([one.publicJwk, { ...two.publicJwk, kid: 'g1' }]),
      }),
    ).toEqual([expect.stringContaining('distinct kid')]);
    expect(
      problemsOf(principals, {
        PRINCIPAL_PUBLIC_KEYS: JSON.stringify([one.publicJwk]),
        PRINCIPAL_PUBLIC_KEY: JSON.stringify(one.publicJwk),
      }),
    ).toEqual([expect.stringContaining('not both')]);
  });
});
