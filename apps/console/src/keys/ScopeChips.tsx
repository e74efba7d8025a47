/** How many scopes a row shows before "+N more" (the full list is in the title and on the key page). */
const SHOWN = 3;

/** A key's scopes as chips that wrap inside their cell, never over the next column. */
export function ScopeChips({ scopes }: { scopes: readonly string[] }) {
  const shown = scopes.slice(0, SHOWN);
  const more = scopes.length - shown.length;
  return (
    <ul className="scope-chips" title={scopes.join(', ')} aria-label={`Scopes: ${scopes.join(', ')}`}>
      {shown.map((scope) => (
        <li key={scope}>
          <code>{scope}</code>
        </li>
      ))}
      {more > 0 && <li className="scope-more">+{more} more</li>}
    </ul>
  );
}
