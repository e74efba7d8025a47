import type { Command } from 'commander';
import type { AuditEventView } from '@latchkey/contracts';
import { apiClient, isNetworkError, send, handler, type Io } from '../frame';
import { eventFilters, withEventFilters, type EventFilterOptions } from './event-filters';
import { SseParser } from './sse';

/** How long to wait before reconnecting after the server ended the stream (it says `retry: 2000`). */
const RECONNECT_MS = 1_000;

/** One event as a line for a person: when, what, how it ended, who and on what. */
export function eventLine(event: AuditEventView): string {
  const parts = [event.occurred_at, event.type, event.outcome ?? '-'];
  if (event.key_id) parts.push(`key=${event.key_id}`);
  if (event.actor_id) parts.push(`actor=${event.actor_id}`);
  if (event.subject) parts.push(`subject=${event.subject}`);
  return parts.join('  ');
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * `latchkey audit tail`: the live tail (`GET /audit/events/stream`, Server-Sent Events) until Ctrl-C,
 * one line per event (NDJSON with --json). The server ends each stream when the principal it
 * was opened with expires (≤ 30 s) or its credential changes: the tail reconnects with
 * `Last-Event-ID`, through the gateway, which checks the token again (a revoked one ends the tail).
 */
export function registerTailCommand(audit: Command, io: Io): void {
  withEventFilters(
    audit
      .command('tail')
      .summary('follow the audit trail live (Ctrl-C stops)')
      .description(
        'Follow the audit trail as events are stored (GET /audit/events/stream), from now on: one line per ' +
          'event, or one JSON object per line with --json (NDJSON). Ctrl-C stops (exit code 0).',
      ),
  ).action(
    handler<EventFilterOptions>(io, async (context, options) => {
      const { client, connection } = apiClient(context);
      const query = eventFilters(options);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let lastEventId: string | undefined;
      try {
        while (!stop.signal.aborted) {
          let body: ReadableStream<Uint8Array> | null | undefined;
          try {
            body = await send(
              connection.url,
              client.GET('/audit/events/stream', {
                params: { query },
                parseAs: 'stream',
                signal: stop.signal,
                ...(lastEventId === undefined ? {} : { headers: { 'last-event-id': lastEventId } }),
              }),
            );
          } catch (error) {
            if (stop.signal.aborted) break;
            throw error;
          }
          if (!body) break;
          // Once, on stderr: stdout carries only events (a pipe to grep or jq sees nothing else).
          if (lastEventId === undefined)
            context.output.note(`Tailing the audit trail of ${connection.url} from now on (Ctrl-C stops).`);
          const parser = new SseParser();
          const decoder = new TextDecoder();
          const reader = body.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              for (const event of parser.push(decoder.decode(value, { stream: true }))) {
                if (context.output.json) context.output.stdout.write(`${event.data}\n`);
                else context.output.stdout.write(`${eventLine(JSON.parse(event.data) as AuditEventView)}\n`);
              }
            }
          } catch (error) {
            // Ctrl-C aborts the read; a dropped connection reconnects from the last id.
            if (stop.signal.aborted) break;
            if (!isNetworkError(error)) throw error;
          } finally {
            lastEventId = parser.lastEventId ?? lastEventId;
            await reader.cancel().catch(() => undefined);
          }
          await sleep(RECONNECT_MS, stop.signal);
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }),
  );
}
