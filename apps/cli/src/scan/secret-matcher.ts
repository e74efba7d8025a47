import { checkSecret, PREFIX_LENGTH, SECRET_LENGTH } from '@latchkey/auth-core';

/** One Latchkey secret found in a text: where (1-based line and column) and the secret itself. */
export interface SecretMatch {
  secret: string;
  line: number;
  column: number;
}

const PREFIXES = ['lk_live_', 'lk_test_'] as const;

/**
 * Every Latchkey secret in `text`, by format AND checksum: a lookalike whose checksum does not
 * match (a typo, an example, a made-up value) is not reported. Linear in the text: each occurrence
 * of a prefix is checked once over the fixed length after it, with no regular expression.
 */
export function findSecrets(text: string): SecretMatch[] {
  const starts: number[] = [];
  for (const prefix of PREFIXES) {
    for (let at = text.indexOf(prefix); at !== -1; at = text.indexOf(prefix, at + 1)) starts.push(at);
  }
  starts.sort((a, b) => a - b);
  const found: SecretMatch[] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  for (const at of starts) {
    const candidate = text.slice(at, at + SECRET_LENGTH);
    if (checkSecret(candidate) !== 'ok') continue;
    // Lines are counted once, forward, up to each match.
    for (; counted < at; counted++) {
      if (text.charCodeAt(counted) === 10) {
        line++;
        lineStart = counted + 1;
      }
    }
    found.push({ secret: candidate, line, column: at - lineStart + 1 });
  }
  return found;
}

/** What is shown of a found secret: its prefix, as the console shows a key's, never the rest. */
export function redact(secret: string): string {
  return `${secret.slice(0, PREFIX_LENGTH)}…`;
}
