import type { EntityMetadata, EntitySchema, MikroORM, Platform } from '@mikro-orm/core';

/** What one page of a resource list asks for, in entity property names. */
export interface ListCriteria {
  orgId: string;
  /** Only rows whose project column is one of these (project-bound grants); absent: every row. */
  projectIds?: readonly string[];
  /** The column that ties a row to a project (`id` for projects themselves). */
  projectColumn: string;
  /** Property → value, compared for equality (status and the resource's own filters). */
  equals: Readonly<Record<string, string>>;
  /** Property → half-open time range `[from, before)`. */
  ranges: Readonly<Record<string, { from?: Date; before?: Date }>>;
  /** Keyset pagination: rows after this id, in id order. */
  afterId?: string;
  limit: number;
}

type Converter = (value: unknown) => unknown;

/**
 * A resource's list as one SQL statement whose shape is derived from the entity's metadata once,
 * run on MikroORM's connection, with rows converted the way MikroORM hydrates them. The list route
 * is the API's hottest read; MikroORM's query builder and entity hydration cost several times the
 * query itself (≈ 0.3–0.5 ms against ≈ 0.1 ms for a page of 5 rows, measured on this machine
 * kind), and a read-only page needs neither change tracking nor an identity map.
 */
export class ResourceListing<Row extends object> {
  private readonly table: string;
  private readonly columnOf = new Map<string, string>();
  private readonly fields: { column: string; property: string; convert?: Converter }[] = [];

  constructor(
    private readonly orm: MikroORM,
    entity: EntitySchema<Row>,
  ) {
    const meta = orm.getMetadata().get(entity) as EntityMetadata<Row>;
    const platform = orm.em.getPlatform();
    const schema = meta.schema ?? (orm.config.get('schema') as string | undefined);
    this.table = (schema ? `${quote(schema)}.` : '') + quote(meta.tableName);
    for (const prop of meta.props) {
      const column = prop.fieldNames?.[0];
      if (!column || prop.persist === false) continue;
      this.columnOf.set(prop.name, quote(column));
      this.fields.push({ column, property: prop.name, convert: converterFor(prop, platform) });
    }
  }

  async list(criteria: ListCriteria): Promise<Row[]> {
    const where = [`${this.column('orgId')} = ?`];
    const params: unknown[] = [criteria.orgId];
    if (criteria.projectIds) {
      // A grant bound to no project of this resource reaches nothing.
      if (criteria.projectIds.length === 0) return [];
      where.push(`${this.column(criteria.projectColumn)} in (?)`);
      params.push([...criteria.projectIds]);
    }
    for (const [property, value] of Object.entries(criteria.equals)) {
      where.push(`${this.column(property)} = ?`);
      params.push(value);
    }
    for (const [property, { from, before }] of Object.entries(criteria.ranges)) {
      if (from) {
        where.push(`${this.column(property)} >= ?`);
        params.push(from);
      }
      if (before) {
        where.push(`${this.column(property)} < ?`);
        params.push(before);
      }
    }
    if (criteria.afterId !== undefined) {
      where.push(`${this.column('id')} > ?`);
      params.push(criteria.afterId);
    }
    params.push(criteria.limit);
    const rows: Record<string, unknown>[] = await this.orm.em
      .getConnection()
      .execute(
        `select * from ${this.table} where ${where.join(' and ')} order by ${this.column('id')} asc limit ?`,
        params,
        'all',
      );
    return rows.map((raw: Record<string, unknown>) => this.toRow(raw));
  }

  private column(property: string): string {
    const column = this.columnOf.get(property);
    // Properties come from the resource definitions, never from the request.
    if (!column) throw new Error(`${this.table} has no property ${property}`);
    return column;
  }

  private toRow(raw: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const { column, property, convert } of this.fields) {
      const value = raw[column];
      row[property] = value === null || value === undefined || !convert ? (value ?? null) : convert(value);
    }
    return row as Row;
  }
}

/** The conversion MikroORM's hydration applies to a column's database value, if any. */
function converterFor(prop: EntityMetadata['props'][number], platform: Platform): Converter | undefined {
  const custom = prop.customType;
  if (custom) return (value) => custom.convertToJSValue(value, platform);
  if (prop.runtimeType === 'Date')
    return (value) => (value instanceof Date ? value : platform.parseDate(value as string));
  return undefined;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
