import { useRef, useState, type FormEvent } from 'react';
import type { IssuancePolicy } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FieldError } from '../ui/FieldError';
import { TextField } from '../ui/TextField';
import { ExpiryPicker } from './ExpiryPicker';
import {
  buildKeyRequest,
  type FormErrors,
  type KeyFormMode,
  type KeyFormValues,
  type KeyRequest,
} from './key-form';
import { ScopePicker } from './ScopePicker';
import { TemplatePicker } from './TemplatePicker';

/** The form's fields in page order, with the control that takes focus when it needs fixing. */
const FIELD_ORDER: [keyof FormErrors, string][] = [
  ['name', '#key-name'],
  ['scopes', '.scope-picker input'],
  ['expiry', '.expiry-picker input'],
  ['allowedPaths', '#key-paths'],
  ['allowedIps', '#key-ips'],
  ['rateLimit', '#key-rate-limit'],
];

/**
 * The key form, for creating a key and for editing its permissions. Checks what it can before
 * sending; anything the API still refuses is shown with the request id.
 */
export function KeyForm<M extends KeyFormMode>({
  mode,
  initial,
  policy,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  mode: M;
  initial: KeyFormValues;
  policy: IssuancePolicy | undefined;
  submitLabel: string;
  onSubmit(body: KeyRequest<M>): Promise<void>;
  onCancel?: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const set = <K extends keyof KeyFormValues>(field: K, value: KeyFormValues[K]) =>
    setValues((v) => ({ ...v, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const built = buildKeyRequest(values, mode, policy);
    if ('errors' in built) {
      setErrors(built.errors);
      // Take the person (and their screen reader) to the first field to fix, once its message is attached.
      const first = FIELD_ORDER.find(([field]) => built.errors[field]);
      if (first) setTimeout(() => form.current?.querySelector<HTMLElement>(first[1])?.focus(), 0);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(built.body);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const described = (field: keyof FormErrors) => (errors[field] ? `${field}-error` : undefined);

  return (
    <form onSubmit={submit} className="key-form" noValidate ref={form}>
      <TextField
        id="key-name"
        label="Name"
        value={values.name}
        onChange={(v) => set('name', v)}
        error={errors.name}
        required
      />

      <TextField
        id="key-description"
        label="Description"
        rows={2}
        value={values.description}
        onChange={(v) => set('description', v)}
      />

      {mode === 'create' && (
        <>
          <label htmlFor="key-environment">Environment</label>
          <select
            id="key-environment"
            value={values.environment}
            onChange={(e) => set('environment', e.target.value as KeyFormValues['environment'])}
          >
            <option value="live">Live (lk_live_…)</option>
            <option value="test">Test (lk_test_…)</option>
          </select>
        </>
      )}

      {mode === 'create' && <TemplatePicker onApply={(scopes) => set('scopes', scopes)} />}

      <ScopePicker
        value={values.scopes}
        onChange={(scopes) => set('scopes', scopes)}
        describedBy={described('scopes')}
      />
      <FieldError id="scopes-error" message={errors.scopes} />

      {mode === 'create' && (
        <ExpiryPicker
          value={values.expiry}
          onChange={(expiry) => set('expiry', expiry)}
          policy={policy}
          error={errors.expiry}
        />
      )}

      <TextField
        id="key-paths"
        label="Allowed paths (one per line; * is one segment, a trailing /* or ** anything below; empty means any path)"
        rows={2}
        value={values.allowedPaths}
        placeholder="/v1/webhooks/whc_123/*"
        onChange={(v) => set('allowedPaths', v)}
        error={errors.allowedPaths}
      />

      <TextField
        id="key-ips"
        label="Allowed IP addresses or CIDR blocks (one per line; empty means any)"
        rows={2}
        value={values.allowedIps}
        placeholder="203.0.113.0/24"
        onChange={(v) => set('allowedIps', v)}
        error={errors.allowedIps}
      />

      <fieldset className="rate-limit" aria-describedby={described('rateLimit')}>
        <legend>Rate limit</legend>
        <label htmlFor="key-rate-limit">Requests</label>
        <input
          id="key-rate-limit"
          inputMode="numeric"
          value={values.rateLimit}
          onChange={(e) => set('rateLimit', e.target.value)}
          aria-invalid={Boolean(errors.rateLimit)}
        />
        <label htmlFor="key-rate-window">per seconds</label>
        <input
          id="key-rate-window"
          inputMode="numeric"
          value={values.rateWindowSeconds}
          onChange={(e) => set('rateWindowSeconds', e.target.value)}
          aria-invalid={Boolean(errors.rateLimit)}
        />
      </fieldset>
      <FieldError id="rateLimit-error" message={errors.rateLimit} />

      <ErrorNotice error={failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
