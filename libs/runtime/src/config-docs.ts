import { relative } from 'node:path';
import type { z } from 'zod';
import { SECRET_VARIABLES, type ConfigSchema } from './deployment-secrets';

/**
 * The README's configuration table, derived from the services' config schemas: the variables each
 * schema reads, its default and the field's description (zod `.describe()`). The README holds the
 * rendered table between two markers; `node scripts/config-table.mjs` rewrites it and a test fails
 * when it drifts, so a new setting is documented by declaring it.
 */
export const CONFIG_TABLE_START = '<!-- config-table:start (node scripts/config-table.mjs) -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

/** What a setting is when its variable is not set: required, unset (optional) or a default. */
export type SettingDefault =
  | { kind: 'required' }
  | { kind: 'unset' }
  /** `value` as the service sees it (parsed); `written` as one would write it in the environment. */
  | { kind: 'default'; value: unknown; written: string };

interface Def {
  type: string;
  defaultValue?: unknown;
  in?: z.ZodType;
  innerType?: z.ZodType;
}
const defOf = (field: z.ZodType): Def => (field as unknown as { _zod: { def: Def } })._zod.def;

/** The default as written in the schema (`'72h'`, not its 259200000 ms), through pipes and wrappers. */
function writtenDefault(field: z.ZodType): unknown {
  const def = defOf(field);
  if (def.type === 'default') return def.defaultValue;
  if (def.type === 'pipe' && def.in) return writtenDefault(def.in);
  if (def.innerType) return writtenDefault(def.innerType);
  return undefined;
}

/** A setting's default, read the way the service reads it: the field parsing an unset variable. */
export function settingDefault(field: z.ZodType): SettingDefault {
  const parsed = field.safeParse(undefined);
  if (!parsed.success) return { kind: 'required' };
  if (parsed.data === undefined) return { kind: 'unset' };
  const written = writtenDefault(field);
  return { kind: 'default', value: parsed.data, written: String(written ?? parsed.data) };
}

export const fieldsOf = (schema: ConfigSchema): Record<string, z.ZodType> =>
  schema.shape as Record<string, z.ZodType>;

const SECRETS: ReadonlySet<string> = new Set(SECRET_VARIABLES);

interface Row {
  variable: string;
  services: string;
  default: string;
  meaning: string;
}

function defaultCell(field: z.ZodType, variable: string, root: string): string {
  const fallback = settingDefault(field);
  if (fallback.kind !== 'default') {
    const what = fallback.kind === 'required' ? 'required' : '—';
    return SECRETS.has(variable) ? `${what} (secret)` : what;
  }
  if (fallback.written === '') return 'empty';
  // A path resolved against the installation (the console's build) is shown relative to it.
  const shown = fallback.written.startsWith(`${root}/`) ? relative(root, fallback.written) : fallback.written;
  return `\`${shown}\``;
}

/**
 * The table's rows, one per variable, in the order the services declare them. A variable's
 * description must be the same wherever it is declared (a shared fragment gives it once); a
 * variable without one is an error, so nothing reaches the README undocumented.
 */
export function configTableRows(schemas: Record<string, ConfigSchema>, root: string): Row[] {
  const services = Object.keys(schemas);
  const seen = new Map<string, { services: string[]; defaults: Map<string, string[]>; meaning: string }>();
  const problems: string[] = [];
  for (const [service, schema] of Object.entries(schemas)) {
    for (const [variable, field] of Object.entries(fieldsOf(schema))) {
      const meaning = field.description ?? '';
      if (meaning === '') problems.push(`${service} ${variable}: no .describe()`);
      let entry = seen.get(variable);
      if (!entry) seen.set(variable, (entry = { services: [], defaults: new Map(), meaning }));
      else if (entry.meaning !== meaning)
        problems.push(`${variable}: described differently by ${entry.services.join(', ')} and ${service}`);
      entry.services.push(service);
      const cell = defaultCell(field, variable, root);
      entry.defaults.set(cell, [...(entry.defaults.get(cell) ?? []), service]);
    }
  }
  if (problems.length > 0) throw new Error(`config table:\n  ${problems.join('\n  ')}`);
  return [...seen.entries()].map(([variable, entry]) => ({
    variable: `\`${variable}\``,
    services: entry.services.length === services.length ? 'all' : entry.services.join(', '),
    default:
      entry.defaults.size === 1
        ? [...entry.defaults.keys()].join('')
        : [...entry.defaults.entries()].map(([cell, where]) => `${cell} ${where.join(', ')}`).join('; '),
    meaning: entry.meaning.replace(/\|/g, '\\|'),
  }));
}

const width = (text: string) => [...text].length;

/** The table as Markdown, its columns padded as Prettier pads them. */
export function configTable(schemas: Record<string, ConfigSchema>, root: string): string {
  const header: Row = { variable: 'variable', services: 'services', default: 'default', meaning: 'meaning' };
  const rows = [header, ...configTableRows(schemas, root)];
  const columns = ['variable', 'services', 'default', 'meaning'] as const;
  const widths = columns.map((column) => Math.max(...rows.map((row) => width(row[column]))));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - width(cell))).join(' | ')} |`;
  return [
    line(columns.map((column) => header[column])),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map((row) => line(columns.map((column) => row[column]))),
  ].join('\n');
}

/** `readme` with the text between the markers replaced by `table` (throws if a marker is missing). */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README: markers ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} not found`);
  return `${readme.slice(0, start + CONFIG_TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
