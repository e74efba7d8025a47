import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { apiClient, call, send, handler, type Io, type Sink, startProgress } from '../frame';
import { eventFilters, withEventFilters, type EventFilterOptions } from './event-filters';

interface ExportOptions extends EventFilterOptions {
  format: 'ndjson' | 'csv';
  out?: string;
  order?: 'asc' | 'desc';
}

/**
 * Counts the records of an export as it streams: NDJSON lines, or CSV rows — newlines outside
 * quoted fields (a quoted field may hold one), minus the header. Chunks may split anywhere.
 */
export class RecordCounter {
  private quoted = false;
  private lines = 0;

  constructor(private readonly format: 'ndjson' | 'csv') {}

  /** Records completed by this chunk. */
  push(chunk: string): number {
    const before = this.records;
    for (const char of chunk) {
      if (this.format === 'csv' && char === '"') this.quoted = !this.quoted;
      else if (char === '\n' && !this.quoted) this.lines++;
    }
    return this.records - before;
  }

  get records(): number {
    return this.format === 'csv' ? Math.max(0, this.lines - 1) : this.lines;
  }
}

/** Writes, waiting when the stream asks to (a pipe to a slow reader must not fill memory). */
async function write(sink: Sink & Partial<NodeJS.EventEmitter>, chunk: Uint8Array): Promise<void> {
  if (sink.write(chunk as unknown as string) === false && typeof sink.once === 'function')
    await once(sink as NodeJS.EventEmitter, 'drain');
}

/**
 * `latchkey audit export`: every matching event (`GET /audit/events/export`) as NDJSON or CSV, to
 * a file or stdout, streamed: memory stays flat for any size. A progress bar counts the events
 * written on a terminal's stderr.
 */
export function registerExportCommand(audit: Command, io: Io): void {
  withEventFilters(
    audit
      .command('export')
      .summary('download the audit trail as NDJSON or CSV')
      .description(
        'Every matching event, oldest first (GET /audit/events/export), to --out or stdout. With --out the ' +
          'result (file, format, events) is printed (as JSON with --json).',
      )
      .addOption(
        new Option('--format <format>', 'ndjson or csv').choices(['ndjson', 'csv']).default('ndjson'),
      )
      .addOption(
        new Option('--order <order>', 'asc (oldest first, default) or desc').choices(['asc', 'desc']),
      )
      .option(
        '--out <file>',
        'write to this file (created mode 0600, replaced if it exists) instead of stdout',
      ),
  ).action(
    handler<ExportOptions>(io, async (context, options) => {
      const { client, connection } = apiClient(context);
      const body = await send(
        connection.url,
        client.GET('/audit/events/export', {
          params: {
            query: {
              ...eventFilters(options),
              format: options.format,
              ...(options.order === undefined ? {} : { order: options.order }),
            },
          },
          parseAs: 'stream',
        }),
      );
      const file = options.out === undefined ? undefined : createWriteStream(options.out, { mode: 0o600 });
      const target: Sink & Partial<NodeJS.EventEmitter> = file ?? context.output.stdout;
      const counter = new RecordCounter(options.format);
      const progress = startProgress(context.output, 'events written');
      const decoder = new TextDecoder();
      try {
        if (body) {
          // A dropped connection mid-export: exit code 7 (the file holds what came, so far).
          await call(
            connection.url,
            (async () => {
              for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
                await write(target, chunk);
                const done = counter.push(decoder.decode(chunk, { stream: true }));
                if (done > 0) progress.increment(done);
              }
            })(),
          );
        }
      } finally {
        progress.stop();
        if (file) {
          file.end();
          await once(file, 'close');
        }
      }
      if (options.out !== undefined) {
        const written = { file: options.out, format: options.format, events: counter.records };
        context.output.result(written, (out) =>
          out.line(`${written.events} events written to ${written.file}.`),
        );
      } else {
        context.output.note(`${counter.records} events exported.`);
      }
    }),
  );
}
