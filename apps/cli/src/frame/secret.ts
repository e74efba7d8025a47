import type { Output } from './output';

/**
 * The one secret a command may print (a key created or rotated, a webhook connection created or
 * regenerated): set apart on its own line, with the warning that it cannot be shown again. With
 * --json it is the `secret` member of the result instead.
 */
export function showSecretOnce(out: Output, secret: string): void {
  out.line('');
  out.line(`  secret: ${secret}`);
  out.line('');
  out.line('Store this secret now: it is shown only this once and cannot be retrieved again.');
}
