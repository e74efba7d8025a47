import { API_ROUTES, BINDABLE_SCOPES, KNOWN_SCOPES } from '@latchkey/api-routes/table';

/** A scope as the picker shows it: `resource:action`, on any instance or only on the ones listed. */
export interface ScopeChoice {
  scope: string;
  /** Empty: every instance. */
  instances: string[];
}

/** Scopes identity lets bind to one instance (`projects:read@prj_1`): the route table decides. */
export const INSTANCE_BINDABLE: ReadonlySet<string> = BINDABLE_SCOPES;

/** The route table grouped for the picker: each resource with its scopes and what they open. */
export const SCOPE_GROUPS = [...new Set(KNOWN_SCOPES.map((s) => s.split(':')[0] ?? s))].map((resource) => ({
  resource,
  scopes: KNOWN_SCOPES.filter((s) => s.startsWith(`${resource}:`)).map((scope) => ({
    scope,
    routes: API_ROUTES.filter((r) => r.scope === scope).map((r) => `${r.method} ${r.path}`),
  })),
}));

/** Groups the API's scope strings by scope; an unbound grant covers every instance. */
export function parseScopes(scopes: readonly string[]): ScopeChoice[] {
  const choices: ScopeChoice[] = [];
  for (const text of scopes) {
    const at = text.indexOf('@');
    const scope = at === -1 ? text : text.slice(0, at);
    const instance = at === -1 ? '' : text.slice(at + 1);
    let choice = choices.find((c) => c.scope === scope);
    if (!choice) choices.push((choice = { scope, instances: instance ? [instance] : [] }));
    else if (!instance) choice.instances = [];
    else if (choice.instances.length > 0 && !choice.instances.includes(instance))
      choice.instances.push(instance);
  }
  return choices;
}

export function formatScopes(choices: readonly ScopeChoice[]): string[] {
  return choices.flatMap((c) => (c.instances.length ? c.instances.map((i) => `${c.scope}@${i}`) : [c.scope]));
}

/** Instance ids typed as a list: commas or spaces between them. */
export function parseInstances(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id.length > 0))];
}
