import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, eventSourceOf, EventType, RESOURCE_ID_PREFIX, type Principal } from '@latchkey/contracts';
import { newId } from '@latchkey/auth-core';
import { buildCloudEvent } from '@latchkey/messaging';
import {
  pageOf,
  ProblemException,
  UnitOfWork,
  type RecordedRequestIds,
  type Transaction,
} from '@latchkey/runtime';
import { rowAccessOf } from '../access';
import { FILTER_COLUMNS, RESOURCES, type BaseRow, type ResourceDefinition } from './resource-definitions';
import { ResourceRepository } from './resource.repository';

const DATA_SOURCE = eventSourceOf('data-api');

/**
 * Fields a write may reference, with the resource they name. What the principal may name is its
 * reach, never the whole organisation:
 * - `project_id` is the row's project, which project-bound grants are about: it must be a project
 *   the principal may write this resource in (`invoices:write@prj_1` names prj_1 and no other);
 * - any other reference must be a row the principal may read (`leads:read@prj_1` links the leads
 *   of prj_1; a key without `leads:read` links none).
 * Outside that reach an id gets the very answer of an id that does not exist.
 */
const REFERENCES: Record<string, { resource: string; reach: 'write-project' | 'read' }> = {
  project_id: { resource: 'projects', reach: 'write-project' },
  lead_id: { resource: 'leads', reach: 'read' },
};

export function resourceNamed(name: string): ResourceDefinition {
  const definition = RESOURCES[name];
  if (!definition) throw new ProblemException(ErrorCode.NotFound, `no resource ${name}`);
  return definition;
}

function range(
  after: string | undefined,
  before: string | undefined,
): { from?: Date; before?: Date } | undefined {
  if (!after && !before) return undefined;
  return { ...(after ? { from: new Date(after) } : {}), ...(before ? { before: new Date(before) } : {}) };
}

/**
 * Organisation-scoped reads and writes of the data resources. The organisation and the reach of
 * project-bound grants come from the principal alone; every write records who made it and emits
 * `data.changed` through the outbox in the same transaction.
 */
@Injectable()
export class ResourcesService {
  constructor(
    @Inject(UnitOfWork) private readonly unit: UnitOfWork,
    private readonly rows: ResourceRepository,
  ) {}

  /** `query` as the list route's schema parsed it (@latchkey/api-routes listQueryOf). */
  async list(principal: Principal, def: ResourceDefinition, query: Record<string, unknown>) {
    const q = query as Record<string, string | number | undefined> & { limit: number };
    const after = typeof q['cursor'] === 'string' ? def.cursor.decode(q['cursor']) : undefined;
    const created = range(
      q['created_after'] as string | undefined,
      q['created_before'] as string | undefined,
    );
    const updated = range(
      q['updated_after'] as string | undefined,
      q['updated_before'] as string | undefined,
    );
    const access = rowAccessOf(principal, def.name, 'read');
    const equals: Record<string, string> = {};
    if (q['status']) equals['status'] = q['status'] as string;
    for (const name of Object.keys(def.wire.filters)) {
      if (q[name] !== undefined) equals[FILTER_COLUMNS[name] as string] = q[name] as string;
    }
    // Keyset pagination on the id (a ULID): stable while rows are inserted, no row twice.
    const rows = await this.rows.list(def, {
      orgId: principal.org_id,
      projectColumn: def.projectColumn,
      ...(access.all ? {} : { projectIds: [...access.projectIds] }),
      equals,
      ranges: {
        ...(created ? { createdAt: created } : {}),
        ...(updated ? { updatedAt: updated } : {}),
      },
      ...(after ? { afterId: after } : {}),
      limit: q.limit + 1,
    });
    const page = pageOf(rows, q.limit, def.cursor, (row) => row.id);
    return { data: page.data.map((r) => def.view(r)), next_cursor: page.next_cursor };
  }

  async get(principal: Principal, def: ResourceDefinition, id: string) {
    return def.view(await this.load(principal, def, id, 'read'));
  }

  /** `input` as the create route's body schema parsed it. */
  async create(
    principal: Principal,
    def: ResourceDefinition,
    input: Record<string, unknown>,
    ids: RecordedRequestIds,
  ) {
    const access = rowAccessOf(principal, def.name, 'write');
    const now = new Date();
    const row = await this.unit.run(async (tx) => {
      await this.checkReferences(tx, principal, def, input);
      const values = def.toEntity(input);
      const id = newId(RESOURCE_ID_PREFIX[def.name]);
      if (!access.all) {
        const project = def.projectColumn === 'id' ? id : (values as Record<string, unknown>)['projectId'];
        if (typeof project !== 'string' || !access.projectIds.has(project)) {
          throw new ProblemException(
            ErrorCode.InsufficientScope,
            `this key may only write ${def.name} of its project(s)`,
          );
        }
      }
      const created = this.rows.insert(tx, def, {
        ...values,
        id,
        orgId: principal.org_id,
        createdBy: principal.subject,
        updatedBy: principal.subject,
        createdAt: now,
        updatedAt: now,
      });
      tx.publish(changeEvent(principal, def, created.id, 'created', Object.keys(input), ids));
      return created;
    });
    return def.view(row);
  }

  /** Last write wins: each PATCH applies its fields on top of the current row (see README). */
  async update(
    principal: Principal,
    def: ResourceDefinition,
    id: string,
    input: Record<string, unknown>,
    ids: RecordedRequestIds,
  ) {
    if (Object.keys(input).length === 0)
      throw new ProblemException(ErrorCode.InvalidRequest, 'body: nothing to change');
    const row = await this.unit.run(async (tx) => {
      // The row first: one outside the principal's reach is 404 whatever the body names.
      const current = await this.load(principal, def, id, 'write', tx);
      await this.checkReferences(tx, principal, def, input);
      const changed = this.rows.change(tx, current, {
        ...def.toEntity(input),
        updatedBy: principal.subject,
        updatedAt: new Date(),
      });
      tx.publish(changeEvent(principal, def, id, 'updated', Object.keys(input), ids));
      return changed;
    });
    return def.view(row);
  }

  /** Another organisation's row, or one outside the key's projects, is simply not found. */
  private async load(
    principal: Principal,
    def: ResourceDefinition,
    id: string,
    action: 'read' | 'write',
    tx?: Transaction,
  ): Promise<BaseRow> {
    const access = rowAccessOf(principal, def.name, action);
    const row = await this.rows.findWithin(def, { id, orgId: principal.org_id, access }, tx);
    if (!row) throw new ProblemException(ErrorCode.NotFound, `no ${def.name.slice(0, -1)} ${id}`);
    return row;
  }

  /** Every id a write names must be within the principal's reach (see REFERENCES), or it does not exist. */
  private async checkReferences(
    tx: Transaction,
    principal: Principal,
    def: ResourceDefinition,
    input: Record<string, unknown>,
  ) {
    for (const [field, ref] of Object.entries(REFERENCES)) {
      const value = input[field];
      if (typeof value !== 'string') continue;
      const target = resourceNamed(ref.resource);
      const access =
        ref.reach === 'write-project'
          ? rowAccessOf(principal, def.name, 'write')
          : rowAccessOf(principal, target.name, 'read');
      if (!(await this.rows.existsWithin(tx, target, { id: value, orgId: principal.org_id, access })))
        throw new ProblemException(
          ErrorCode.InvalidRequest,
          `${field}: no such ${ref.resource.slice(0, -1)}`,
        );
    }
  }
}

/** `data.changed` of one write: what changed, who changed it and through which request. */
function changeEvent(
  principal: Principal,
  def: ResourceDefinition,
  id: string,
  action: 'created' | 'updated',
  changes: string[],
  ids: RecordedRequestIds,
) {
  const actor = {
    type: principal.kind === 'api_key' ? ('api_key' as const) : ('user' as const),
    id: principal.subject,
  };
  return buildCloudEvent({
    type: EventType.DataChanged,
    orgId: principal.org_id,
    source: DATA_SOURCE,
    subject: id,
    data: {
      resource: def.name,
      id,
      action,
      changes,
      actor,
      ...ids,
      ...(principal.key_id ? { key_id: principal.key_id } : {}),
    },
  });
}
