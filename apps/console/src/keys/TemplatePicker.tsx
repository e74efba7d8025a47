import { useState } from 'react';
import { scopeTemplates } from './templates';

const TEMPLATES = scopeTemplates();

/** Starts the scope picker from a template of the route table; the scopes stay editable after. */
export function TemplatePicker({ onApply }: { onApply(scopes: string[]): void }) {
  const [chosen, setChosen] = useState(TEMPLATES[0]?.id ?? '');
  const template = TEMPLATES.find((t) => t.id === chosen);
  return (
    <fieldset className="template-picker">
      <legend>Start from a template (optional)</legend>
      <label htmlFor="scope-template" className="visually-hidden">
        Template
      </label>
      <select id="scope-template" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => template && onApply(template.scopes)}>
        Apply template
      </button>
      {template && <p className="muted">Sets the scopes to: {template.scopes.join(', ')}</p>}
    </fieldset>
  );
}
