import { useState } from 'react';
import {
  formatScopes,
  INSTANCE_BINDABLE,
  parseInstances,
  parseScopes,
  SCOPE_GROUPS,
  type ScopeChoice,
} from './scopes';

const KNOWN = new Set(SCOPE_GROUPS.flatMap((g) => g.scopes.map((s) => s.scope)));

/** The instance list as typed (commas and spaces kept while typing), reported as ids. */
function InstanceField({
  id,
  instances,
  onChange,
}: {
  id: string;
  instances: string[];
  onChange(next: string[]): void;
}) {
  const [text, setText] = useState(instances.join(', '));
  return (
    <span className="instance">
      <label htmlFor={id}>Only these instances (optional, comma-separated)</label>
      <input
        id={id}
        value={text}
        placeholder="e.g. prj_123, prj_456"
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseInstances(e.target.value));
        }}
      />
    </span>
  );
}

/**
 * Scopes picked from the route table, each on every instance or only on the ones listed.
 * Controlled: `value` holds scope strings as the API takes them. Scopes the table does not list
 * (a `resource:*` set through the API, say) are shown so they can be kept or removed.
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
  const others = choices.filter((c) => c.scope !== '*' && !KNOWN.has(c.scope));
  const update = (next: ScopeChoice[]) => onChange(formatScopes(next));

  const toggle = (scope: string, checked: boolean) => {
    // Full access covers everything else, so picking it replaces the list.
    if (scope === '*' && checked) return onChange(['*']);
    update(checked ? [...choices, { scope, instances: [] }] : choices.filter((c) => c.scope !== scope));
  };
  const bind = (scope: string, instances: string[]) =>
    update(choices.map((c) => (c.scope === scope ? { ...c, instances } : c)));

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
                  <InstanceField
                    id={`scope-instance-${scope.replace(/\W/g, '-')}`}
                    instances={chosen.instances}
                    onChange={(instances) => bind(scope, instances)}
                  />
                )}
              </div>
            );
          })}
        </div>
      ))}
      {others.length > 0 && (
        <div className="scope-group" role="group" aria-label="Other scopes on this key">
          <h4>Other scopes on this key</h4>
          {formatScopes(others).map((text) => (
            <label key={text} className="checkbox">
              <input type="checkbox" checked onChange={() => onChange(value.filter((s) => s !== text))} />
              <code>{text}</code>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
