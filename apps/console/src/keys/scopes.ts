import { API_ROUTES, KNOWN_SCOPES } from '@latchkey/contracts';

/** A scope as the picker shows it: `resource:action`, optionally bound to one instance. */
export interface ScopeChoice {
  scope: string;
  instance: string;
}

/** Scopes whose routes name a resource instance, so they can be bound to one (`projects:read@prj_1`). */
export const INSTANCE_BINDABLE = new Set(API_ROUTES.filter((r) => r.instanceParam).map((r) => r.scope));

/** The route table grouped for the picker: each resource with its scopes and what they open. */
export const SCOPE_GROUPS = [...new Set(KNOWN_SCOPES.map((s) => s.split(':')[0] ?? s))].map((resource) => ({
  resource,
  scopes: KNOWN_SCOPES.filter((s) => s.startsWith(`${resource}:`)).map((scope) => ({
    scope,
    routes: API_ROUTES.filter((r) => r.scope === scope).map((r) => `${r.method} ${r.path}`),
  })),
}));

export function parseScopes(scopes: readonly string[]): ScopeChoice[] {
  return scopes.map((text) => {
    const at = text.indexOf('@');
    return at === -1
      ? { scope: text, instance: '' }
      : { scope: text.slice(0, at), instance: text.slice(at + 1) };
  });
}

export function formatScopes(choices: readonly ScopeChoice[]): string[] {
  return choices.map((c) => (c.instance.trim() ? `${c.scope}@${c.instance.trim()}` : c.scope));
}
