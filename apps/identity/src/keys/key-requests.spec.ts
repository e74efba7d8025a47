import {
  API_ROUTES,
  BINDING_ID_PREFIXES,
  createKeyRequest,
  GRANTABLE_SCOPES,
  issuableScopes,
  scopeProblem,
  scopeText,
  updateKeyRequest,
} from '@latchkey/api-routes';
import { anyScopeAllows, newId } from '@latchkey/auth-core';
import { webhookPathOf } from '../webhooks';

describe('scopeText', () => {
  it.each(['leads:read', 'leads:*', '*', 'leads:read@prj_1', 'projects:write@prj_2', 'webhooks:write@whc_1'])(
    'accepts %s',
    (scope) => expect(scopeText.safeParse(scope).success).toBe(true),
  );

  it.each([
    ['unknown resource', 'robots:read'],
    ['bad grammar', 'leads'],
    // audit is not narrowed by instance or project anywhere: a binding would promise what nothing enforces.
    ['binding on a resource without instances', 'audit:read@prj_1'],
    ['binding on the wildcard', '*@prj_1'],
    // Known resources, actions no route requires: nothing could ever be done with them.
    ['transactions are read-only', 'transactions:write'],
    ['the audit trail is read-only', 'audit:write'],
    ['webhooks are only ingested', 'webhooks:read'],
    ['no route deletes', 'projects:delete'],
    ['bound, and still never exercised', 'transactions:write@prj_1'],
  ])('refuses %s (%s)', (_why, scope) => expect(scopeText.safeParse(scope).success).toBe(false));
});

describe('which scopes can be issued', () => {
  it('every grantable scope opens at least one route, and every route is opened by some grantable scope', () => {
    for (const scope of GRANTABLE_SCOPES) {
      expect({ scope, opens: API_ROUTES.some((r) => anyScopeAllows([scope], r.scope)) }).toEqual({
        scope,
        opens: true,
      });
    }
    for (const route of API_ROUTES) expect(GRANTABLE_SCOPES).toContain(route.scope);
  });

  it('every grantable scope is accepted; an instance binding only where the route table allows one', () => {
    for (const scope of GRANTABLE_SCOPES) {
      expect({ scope, problem: scopeProblem(scope) }).toEqual({ scope, problem: undefined });
      const bound = `${scope}@prj_1`;
      expect({ bound, accepted: scopeProblem(bound) === undefined }).toEqual({
        bound,
        accepted: BINDING_ID_PREFIXES.get(scope)?.has('prj') === true,
      });
    }
  });

  it('a binding names the kind of id its routes carry: each accepted binding opens a route for that id', () => {
    for (const route of API_ROUTES.filter((r) => r.instanceParam !== undefined)) {
      const id = `${route.instancePrefix}_01JZ00000000000000000000AB`;
      const bound = `${route.scope}@${id}`;
      expect({ bound, problem: scopeProblem(bound) }).toEqual({ bound, problem: undefined });
      expect({ bound, opens: anyScopeAllows([bound], route.scope, id) }).toEqual({ bound, opens: true });
    }
    for (const [scope, kinds] of BINDING_ID_PREFIXES)
      for (const kind of ['prj', 'led', 'inv', 'txn', 'whc', 'usr', 'key'].filter((k) => !kinds.has(k))) {
        const bound = `${scope}@${kind}_1`;
        expect({ bound, refused: scopeProblem(bound) !== undefined }).toEqual({ bound, refused: true });
      }
  });

  it.each([
    'webhooks:write@prj_1',
    'projects:read@whc_1',
    'leads:read@prj_',
    'leads:read@prj',
    'leads:read@prj_a-b',
  ])('refuses the binding %s, naming the kinds of id it may name', (scope) =>
    expect(scopeProblem(scope)).toMatch(/can be bound only to a [a-z]+_… id/),
  );

  it('a refusal names the scope and lists the valid ones', () => {
    const problem = scopeProblem('transactions:write') ?? '';
    expect(problem).toContain('transactions:write is not required by any route');
    for (const scope of GRANTABLE_SCOPES) expect(problem).toContain(scope);
    expect(scopeProblem('audit:read@prj_1')).toContain('audit:read cannot be bound');
  });

  it('create and update refuse an unexercisable scope with the field that holds it', () => {
    const created = createKeyRequest.safeParse({ name: 'k', scopes: ['leads:read', 'webhooks:read'] });
    expect(created.success).toBe(false);
    expect(created.error?.issues.map((i) => i.path.join('.'))).toEqual(['scopes.1']);
    const updated = updateKeyRequest.safeParse({ scopes: ['projects:delete'] });
    expect(updated.success).toBe(false);
    expect(updated.error?.issues.map((i) => i.path.join('.'))).toEqual(['scopes.0']);
  });

  it("a webhook connection's derived scope is issuable", () => {
    expect(
      issuableScopes.safeParse({ scopes: ['webhooks:write@whc_01JZ00000000000000000000AB'] }).success,
    ).toBe(true);
  });
});

describe('allowed_paths on create and update', () => {
  const create = (allowed_paths: string[]) =>
    createKeyRequest.safeParse({ name: 'k', scopes: ['leads:read'], allowed_paths });
  const update = (allowed_paths: string[]) => updateKeyRequest.safeParse({ allowed_paths });

  it.each([create, update])('accepts globs within the bounds', (parse) => {
    expect(parse(['/v1/webhooks/whc_1/*', '/v1/leads/**', '/v1/projects/*/leads']).success).toBe(true);
  });

  it.each([create, update])('refuses a glob beyond them, naming the rule and the entry', (parse) => {
    const result = parse(['/v1/leads', '/v1/**/a/**/b']);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['allowed_paths', 1],
      message: expect.stringContaining('at most one **'),
    });
  });

  it("a webhook connection's generated path is within the bounds", () => {
    expect(create([webhookPathOf(newId('whc'))]).success).toBe(true);
  });
});
