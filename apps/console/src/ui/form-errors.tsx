import { useMemo } from 'react';
import { describeError, fieldErrorWords, type FieldLabels } from '../api/problem-messages';
import { ErrorNotice } from './ErrorNotice';

/**
 * The server's refusal of a form, split for the form: `of(field)` is the message a field shows
 * next to itself (TextField's `error`), and `summary` what the form's notice says once, without
 * repeating those messages. `labels` names every field the form shows, by the request's field name.
 */
export function useFieldErrors(error: unknown, labels: FieldLabels) {
  return useMemo(() => {
    const words = fieldErrorWords(error, labels);
    return {
      error,
      of: (field: string): string | undefined => words.byField[field],
      placed: Object.keys(words.byField).length,
      unplaced: words.unplaced,
    };
  }, [error, labels]);
}

export type FieldErrors = ReturnType<typeof useFieldErrors>;

/**
 * The form's summary of a refusal: when its fields show the messages, "Please fix the highlighted
 * fields" with the request id; refusals without a field listed in words; any other error as usual.
 */
export function FormErrorSummary({ errors }: { errors: FieldErrors }) {
  if (!errors.error) return null;
  if (errors.placed === 0 && errors.unplaced.length === 0) return <ErrorNotice error={errors.error} />;
  const { requestId } = describeError(errors.error);
  return (
    <div role="alert" className="error">
      <p>
        {errors.placed > 0
          ? 'Please fix the highlighted fields.'
          : 'Some of what you entered was not accepted.'}
      </p>
      {errors.unplaced.length > 0 && (
        <ul>
          {errors.unplaced.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {requestId && (
        <p className="request-id">
          Request id: <code>{requestId}</code>
        </p>
      )}
    </div>
  );
}
