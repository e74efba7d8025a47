/**
 * What a `key.updated` event changed, field by field, when the event says so: `diff` as
 * `{ field: { old, new } }` (`changes` stays the list of those fields' names). Events recorded
 * before `diff` existed have no before/after, and read as a sentence instead.
 */
export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export function fieldChanges(data: Record<string, unknown>): FieldChanges | undefined {
  const diff = data['diff'];
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) return undefined;
  const entries = Object.entries(diff as Record<string, unknown>).filter(
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
