import { RouteMatcher } from '@latchkey/auth-core';
import { API_ROUTES } from '@latchkey/contracts';
import { checkScope } from './decide';

const matcher = new RouteMatcher(API_ROUTES);
const allowed = (scopes: string[], method: string, path: string): boolean => {
  const match = matcher.match(method, path);
  if (!match) throw new Error(`no route for ${method} ${path}`);
  return checkScope(scopes, match).ok;
};

describe('checkScope', () => {
  it('allows a plain grant on every instance and refuses another resource or action', () => {
    expect(allowed(['leads:read'], 'GET', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read'], 'GET', '/v1/leads/led_1')).toBe(true);
    expect(allowed(['leads:read'], 'POST', '/v1/leads')).toBe(false);
    expect(allowed(['leads:*'], 'POST', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read'], 'GET', '/v1/invoices')).toBe(false);
    expect(allowed(['*'], 'GET', '/audit/events')).toBe(true);
  });

  it('an instance-bound grant reaches only the instance the route names', () => {
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects/prj_1')).toBe(true);
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects/prj_2')).toBe(false);
    expect(allowed(['webhooks:write@whc_1'], 'POST', '/v1/webhooks/whc_1/events')).toBe(true);
    expect(allowed(['webhooks:write@whc_1'], 'POST', '/v1/webhooks/whc_2/events')).toBe(false);
  });

  it('a project-bound grant passes where data-api narrows rows to that project', () => {
    // data-api lists and reads only prj_1's leads for this principal.
    expect(allowed(['leads:read@prj_1'], 'GET', '/v1/leads')).toBe(true);
    expect(allowed(['leads:read@prj_1'], 'GET', '/v1/leads/led_9')).toBe(true);
    expect(allowed(['transactions:read@prj_1'], 'GET', '/v1/transactions')).toBe(true);
    expect(allowed(['leads:read@prj_1'], 'POST', '/v1/leads')).toBe(false);
    // The project list is narrowed too; one project by id only with its own grant (above).
    expect(allowed(['projects:read@prj_1'], 'GET', '/v1/projects')).toBe(true);
  });

  it('a project-bound grant never reaches routes that are not narrowed by project', () => {
    // Neither audit nor webhook ingestion narrows by project: a binding there must not widen to all.
    expect(allowed(['audit:read@prj_1'], 'GET', '/audit/events')).toBe(false);
    expect(allowed(['audit:read@prj_1'], 'GET', '/audit/events/export')).toBe(false);
    expect(allowed(['webhooks:write@prj_1'], 'POST', '/v1/webhooks/whc_1/events')).toBe(false);
  });
});
