import { generateDeploymentSecrets } from './secrets';

/** Every kid a deployment's secrets carry, by the variable that holds it. */
function kidsOf(secrets: Record<string, string>): string[] {
  const kids: string[] = [];
  for (const name of [
    'TOKEN_SIGNING_KEYS',
    'PRINCIPAL_SIGNING_KEY',
    'AUDIT_SIGNING_KEY',
    'BUS_SIGNING_KEYS',
    'RATE_LIMIT_SYNC_KEYS',
  ]) {
    const parsed = JSON.parse(secrets[name] ?? 'null') as { kid: string } | { kid: string }[];
    for (const key of Array.isArray(parsed) ? parsed : [parsed]) kids.push(key.kid);
  }
  return kids;
}

describe('generateDeploymentSecrets', () => {
  it('gives every key a kid of its own, even for keys generated on the same day', () => {
    // Rotating twice in one day puts two generations of a key side by side in one list; a
    // verifier that picks the key by kid must never find two.
    const first = kidsOf(generateDeploymentSecrets());
    const second = kidsOf(generateDeploymentSecrets());
    expect(new Set([...first, ...second]).size).toBe(first.length + second.length);
  });

  it('keeps kids readable: what the key is for and when it was made', () => {
    const secrets = generateDeploymentSecrets();
    const principal = JSON.parse(secrets['PRINCIPAL_SIGNING_KEY'] ?? '{}') as { kid: string };
    expect(principal.kid).toMatch(/^gateway-\d{4}-\d{2}-\d{2}-[A-Za-z0-9_-]{8}$/);
  });
});
