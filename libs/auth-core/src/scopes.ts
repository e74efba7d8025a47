import { LRUCache } from 'lru-cache';

/**
 * Scope grammar: `resource:action`, `resource:*` or `*`, optionally bound to one instance
 * with `@<id>` (`projects:read@prj_123`).
 */
export interface Scope {
  resource: string;
  action: string;
  instance?: string;
}

const SCOPE_PATTERN = /^(?:\*|([a-z][a-z_]*):([a-z]+|\*))(?:@([A-Za-z0-9_-]+))?$/;

/**
 * Parsed scopes by their text (`false`: not a scope): the gateway checks the same few scope strings
 * on every request, so each is parsed once. Bounded, the least recently used text goes first, so a
 * flood of one-off texts cannot make the gateway parse its usual scopes again and again. Results
 * are frozen, being shared.
 */
const parsed = new LRUCache<string, Scope | false>({ max: 10_000 });

export function parseScope(text: string): Scope | undefined {
  const known = parsed.get(text);
  if (known !== undefined) return known || undefined;
  const scope = parseScopeText(text);
  const frozen = scope ? Object.freeze(scope) : undefined;
  parsed.set(text, frozen ?? false);
  return frozen;
}

function parseScopeText(text: string): Scope | undefined {
  const match = SCOPE_PATTERN.exec(text);
  if (!match) return undefined;
  const [, resource, action, instance] = match;
  return {
    resource: resource ?? '*',
    action: action ?? '*',
    ...(instance === undefined ? {} : { instance }),
  };
}

/**
 * Does `granted` allow `required` (`resource:action`) on `instance` (if the route names one)?
 * An instance-bound grant allows only routes that name that very instance.
 */
export function scopeAllows(granted: Scope, required: Scope, instance: string | undefined): boolean {
  if (granted.resource !== '*' && granted.resource !== required.resource) return false;
  if (granted.action !== '*' && granted.action !== required.action) return false;
  if (granted.instance !== undefined && granted.instance !== instance) return false;
  return true;
}

export function anyScopeAllows(granted: readonly string[], required: string, instance?: string): boolean {
  const need = parseScope(required);
  if (!need) return false;
  for (const text of granted) {
    const scope = parseScope(text);
    if (scope && scopeAllows(scope, need, instance)) return true;
  }
  return false;
}
