import { formatScopes, INSTANCE_BINDABLE, parseScopes, SCOPE_GROUPS } from './scopes';

/**
 * Scopes picked from the route table, each optionally bound to one resource instance.
 * Controlled: `value` holds scope strings as the API takes them.
 */
export function ScopePicker({
  value,
  onChange,
  describedBy,
}: {
  value: string[];
  onChange(next: string[]): void;
  /** The id of a message about the scopes (e.g. "pick at least one"). */
  describedBy?: string | undefined;
}) {
  const choices = parseScopes(value);
  const fullAccess = choices.some((c) => c.scope === '*');
  const find = (scope: string) => choices.find((c) => c.scope === scope);

  const toggle = (scope: string, checked: boolean) => {
    // Full access covers everything else, so picking it replaces the list.
    if (scope === '*' && checked) return onChange(['*']);
    onChange(
      formatScopes(
        checked ? [...choices, { scope, instance: '' }] : choices.filter((c) => c.scope !== scope),
      ),
    );
  };
  const bind = (scope: string, instance: string) =>
    onChange(formatScopes(choices.map((c) => (c.scope === scope ? { ...c, instance } : c))));

  return (
    <fieldset className="scope-picker" aria-describedby={describedBy}>
      <legend>Scopes</legend>
      <label className="checkbox">
        <input type="checkbox" checked={fullAccess} onChange={(e) => toggle('*', e.target.checked)} />
        Full access (<code>*</code>): every route, present and future
      </label>
      {SCOPE_GROUPS.map((group) => (
        <div
          key={group.resource}
          className="scope-group"
          role="group"
          aria-label={`${group.resource} scopes`}
        >
          <h4>{group.resource}</h4>
          {group.scopes.map(({ scope, routes }) => {
            const chosen = find(scope);
            const inputId = `scope-instance-${scope.replace(/\W/g, '-')}`;
            return (
              <div key={scope} className="scope-row">
                <label className="checkbox" title={routes.join('\n')}>
                  <input
                    type="checkbox"
                    checked={Boolean(chosen)}
                    disabled={fullAccess}
                    onChange={(e) => toggle(scope, e.target.checked)}
                  />
                  <code>{scope}</code>
                  <span className="hint">{routes.join(', ')}</span>
                </label>
                {chosen && INSTANCE_BINDABLE.has(scope) && (
                  <span className="instance">
                    <label htmlFor={inputId}>Only instance (optional)</label>
                    <input
                      id={inputId}
                      value={chosen.instance}
                      placeholder="e.g. prj_123"
                      onChange={(e) => bind(scope, e.target.value)}
                    />
                  </span>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
