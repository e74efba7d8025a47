/**
 * What a `key.updated` event changed, field by field, when the event says so: `changes` as
 * `{ field: { old, new } }`. Events recorded before that (a list of the fields the request set)
 * have no before/after, and read as a sentence instead.
 */
export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export function fieldChanges(data: Record<string, unknown>): FieldChanges | undefined {
  const changes = data['changes'];
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return undefined;
  const entries = Object.entries(changes as Record<string, unknown>).filter(
    ([, change]) => typeof change === 'object' && change !== null && 'old' in change && 'new' in change,
  );
  return entries.length ? (Object.fromEntries(entries) as FieldChanges) : undefined;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join(', ') : '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function KeyChanges({ changes }: { changes: FieldChanges }) {
  return (
    <table className="key-changes">
      <caption className="visually-hidden">What changed</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(changes).map(([field, change]) => (
          <tr key={field}>
            <th scope="row">{field.replace(/_/g, ' ')}</th>
            <td>
              <del>{show(change.old)}</del>
            </td>
            <td>
              <ins>{show(change.new)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
