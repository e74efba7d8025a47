import { boundPath, boundPathLabel, STORED_PATH_MAX } from '@latchkey/auth-core';
import { EventType } from '@latchkey/contracts';

/**
 * Request paths in an event, bounded before the event is stored (and chained): a gateway older than
 * ADR 0008 sent the raw path of every refusal (up to 16 KiB each), and the store does not rely on
 * any publisher having bounded what it sends. A path longer than `STORED_PATH_MAX` keeps its first
 * part and the SHA-256 of the whole. Returns the payload itself when nothing was too long.
 */
export function boundStoredPaths(type: string, data: Record<string, unknown>): Record<string, unknown> {
  if (type === EventType.AuthDenied) return boundDenial(data);
  if (type === EventType.KeyUsed) return boundUsage(data);
  return data;
}

const tooLong = (value: unknown): value is string =>
  typeof value === 'string' && value.length > STORED_PATH_MAX;

function boundDenial(data: Record<string, unknown>): Record<string, unknown> {
  let out = data;
  // One event per refusal, before aggregation: `path` at the top.
  if (tooLong(data['path'])) {
    const bounded = boundPath(data['path']);
    out = { ...out, path: bounded.path, path_sha256: bounded.sha256, path_truncated: true };
  }
  if (tooLong(data['route'])) out = { ...out, route: boundPathLabel(data['route']) };
  const sample = data['sample'];
  if (typeof sample === 'object' && sample !== null && tooLong((sample as Record<string, unknown>)['path'])) {
    const bounded = boundPath((sample as Record<string, string>)['path'] as string);
    out = {
      ...out,
      sample: { ...sample, path: bounded.path, path_sha256: bounded.sha256, path_truncated: true },
    };
  }
  return out;
}

function boundUsage(data: Record<string, unknown>): Record<string, unknown> {
  const byPath = data['by_path'];
  if (typeof byPath !== 'object' || byPath === null || !Object.keys(byPath).some(tooLong)) return data;
  const bounded: Record<string, unknown> = {};
  for (const [path, count] of Object.entries(byPath)) {
    const label = boundPathLabel(path);
    const before = bounded[label];
    bounded[label] = typeof before === 'number' && typeof count === 'number' ? before + count : count;
  }
  return { ...data, by_path: bounded };
}
