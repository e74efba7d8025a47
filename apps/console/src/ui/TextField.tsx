import { FieldError } from './FieldError';

/**
 * A labelled text input (or, with `rows`, a textarea) whose message, when it has one, is marked
 * invalid and tied to the field, so screen readers read the message with it.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  rows,
  placeholder,
  inputMode,
  required,
  type,
  autoComplete,
  minLength,
  readOnly,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  required?: boolean;
  /** The one-line input's type (email, password); text when not given. */
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  minLength?: number;
  readOnly?: boolean;
}) {
  const errorId = `${id}-error`;
  const field = {
    id,
    value,
    placeholder,
    required,
    readOnly,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    'aria-invalid': Boolean(error),
    'aria-describedby': error ? errorId : undefined,
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea rows={rows} {...field} />
      ) : (
        <input
          inputMode={inputMode}
          type={type}
          autoComplete={autoComplete}
          minLength={minLength}
          {...field}
        />
      )}
      <FieldError id={errorId} message={error} />
    </>
  );
}
