import { ApiError } from '../api/problem-messages';

/** An error in words, with the request id that lets support find it. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
  return (
    <div role="alert" className="error">
      <p>{message}</p>
      {apiError && apiError.fieldErrors.length > 0 && (
        <ul>
          {apiError.fieldErrors.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <strong>{f.field.replace(/_/g, ' ')}</strong>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {apiError?.requestId && (
        <p className="request-id">
          Request id: <code>{apiError.requestId}</code>
        </p>
      )}
    </div>
  );
}
