import { describeError } from '../api/problem-messages';

/** An error in words, with the request id that lets support find it. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, fieldErrors, requestId } = describeError(error);
  return (
    <div role="alert" className="error">
      <p>{message}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <strong>{f.field.replace(/_/g, ' ')}</strong>: {f.message}
            </li>
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
