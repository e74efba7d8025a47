import { hash } from 'node:crypto';

/**
 * The longest request path (in UTF-16 code units) an event or a stored row keeps. A request line may
 * carry a path of up to 16 KiB: stored as it came, one caller could make every event it causes
 * 16 KiB large. What is cut is still identified by the SHA-256 of the whole path.
 */
export const STORED_PATH_MAX = 256;

/** A path as stored: at most `STORED_PATH_MAX` code units, and the SHA-256 (hex) of the whole. */
export interface BoundedPath {
  path: string;
  sha256: string;
  truncated: boolean;
}

export function boundPath(path: string, max = STORED_PATH_MAX): BoundedPath {
  const sha256 = hash('sha256', path, 'hex');
  if (path.length <= max) return { path, sha256, truncated: false };
  return { path: cut(path, max), sha256, truncated: true };
}

/**
 * A path used as a name (a map key such as `key.used`'s `by_path`, a route label): unchanged up to
 * `STORED_PATH_MAX`, else its first part, `…sha256:` and the hash of the whole, so two long paths
 * that share a beginning stay apart. Costs one length check when the label is short.
 */
export function boundPathLabel(label: string, max = STORED_PATH_MAX): string {
  if (label.length <= max) return label;
  return `${cut(label, max)}…sha256:${hash('sha256', label, 'hex')}`;
}

/** The first `max` code units, never ending in the first half of a surrogate pair. */
function cut(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
