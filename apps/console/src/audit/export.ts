import { unwrap } from '@latchkey/sdk';
import type { Api } from '../api/client';
import type { AuditStreamQuery } from '../api/types';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportProgress {
  /** Events read so far (lines; the CSV header row is not an event). */
  events: number;
  bytes: number;
}

/**
 * Reads GET /audit/events/export for the current filters through the SDK client (the user token
 * goes in the Authorization header, never in a URL, so a plain download link cannot be used), as
 * a stream, reporting events and bytes as they arrive. Resolves with the whole file as a Blob;
 * rejects with an AbortError when `signal` aborts.
 */
export async function exportEvents(
  api: Api,
  filters: AuditStreamQuery,
  format: ExportFormat,
  onProgress: (progress: ExportProgress) => void,
  signal: AbortSignal,
): Promise<Blob> {
  const stream = await unwrap(
    api.sdk.GET('/audit/events/export', {
      params: { query: { ...filters, format } },
      parseAs: 'stream',
      signal,
    }),
  );
  if (!stream) throw new Error('The export answered without a body.');
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    for (const byte of value) if (byte === 10) lines++;
    // Complete lines, less CSV's header row (its cells hold no raw newline: data is JSON).
    onProgress({ events: Math.max(0, format === 'csv' ? lines - 1 : lines), bytes });
  }
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  return new Blob(chunks as BlobPart[], { type });
}

/** Hands the file to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
