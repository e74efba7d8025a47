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
 * Parsed scopes by their text: the gateway checks the same few scope strings on every request, so
 * each is parsed once (bounded: when full, the memo starts over). Results are frozen, being shared.
 */
const parsed = new Map<string, Scope | null>();
const PARSED_MAX = 10_000;

export function parseScope(text: string): Scope | undefined {
  const known = parsed.get(text);
  if (known !== undefined) return known ?? undefined;
  const scope = parseScopeText(text);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(text, scope ? Object.freeze(scope) : null);
  return scope;
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
