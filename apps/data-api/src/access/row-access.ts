import { parseScope } from '@latchkey/auth-core';
import type { Principal } from '@latchkey/contracts';

/**
 * How far a principal reaches into one resource for one action: everything in its organisation,
 * or only the rows of some projects (grants bound to a project, `leads:read@prj_1`), or — for
 * projects themselves — only those projects. The gateway already refused what no grant allows.
 */
export type RowAccess = { all: true } | { all: false; projectIds: ReadonlySet<string> };

export function rowAccessOf(principal: Principal, resource: string, action: 'read' | 'write'): RowAccess {
  const projectIds = new Set<string>();
  for (const text of principal.scopes) {
    const scope = parseScope(text);
    if (!scope) continue;
    const resourceMatches = scope.resource === '*' || scope.resource === resource;
    const actionMatches = scope.action === '*' || scope.action === action;
    if (!resourceMatches || !actionMatches) continue;
    if (scope.instance === undefined) return { all: true };
    projectIds.add(scope.instance);
  }
  return { all: false, projectIds };
}
