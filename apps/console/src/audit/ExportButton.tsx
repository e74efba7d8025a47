import { useRef, useState } from 'react';
import type { AuditStreamQuery } from '../api/types';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { exportEvents, saveBlob, type ExportFormat, type ExportProgress } from './export';

/** Downloads the events the current filters select, as NDJSON or CSV, with progress and cancel. */
export function ExportButton({ query }: { query: AuditStreamQuery }) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('ndjson');
  const [progress, setProgress] = useState<ExportProgress | undefined>();
  const [outcome, setOutcome] = useState<{ done?: ExportProgress; error?: unknown; cancelled?: boolean }>({});
  const running = useRef<AbortController | undefined>(undefined);

  async function start() {
    const controller = new AbortController();
    running.current = controller;
    setOutcome({});
    setProgress({ events: 0, bytes: 0 });
    let last: ExportProgress = { events: 0, bytes: 0 };
    try {
      const blob = await exportEvents(
        api,
        query,
        format,
        (p) => {
          last = p;
          setProgress(p);
        },
        controller.signal,
      );
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      saveBlob(blob, `audit-events-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`);
      setOutcome({ done: last });
    } catch (error) {
      setOutcome(controller.signal.aborted ? { cancelled: true } : { error });
    } finally {
      running.current = undefined;
      setProgress(undefined);
    }
  }

  return (
    <div className="audit-export">
      <label htmlFor="audit-export-format">Export format</label>
      <select
        id="audit-export-format"
        value={format}
        onChange={(e) => setFormat(e.target.value as ExportFormat)}
        disabled={progress !== undefined}
      >
        <option value="ndjson">NDJSON</option>
        <option value="csv">CSV</option>
      </select>
      {progress ? (
        <button type="button" onClick={() => running.current?.abort()}>
          Cancel export
        </button>
      ) : (
        <button type="button" onClick={() => void start()}>
          Export events
        </button>
      )}
      <p role="status" className="export-state">
        {progress
          ? `Exporting… ${count(progress.events)}, ${formatBytes(progress.bytes)} so far`
          : outcome.done
            ? `Exported ${count(outcome.done.events)} (${formatBytes(outcome.done.bytes)}).`
            : outcome.cancelled
              ? 'Export cancelled.'
              : ''}
      </p>
      <ErrorNotice error={outcome.error} />
    </div>
  );
}

const count = (events: number) => `${events.toLocaleString()} event${events === 1 ? '' : 's'}`;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
