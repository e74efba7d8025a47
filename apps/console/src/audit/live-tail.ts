import { createParser } from 'eventsource-parser';
import { unwrap } from '@latchkey/sdk';
import type { Api } from '../api/client';
import type { AuditEvent, AuditStreamQuery } from '../api/types';

/**
 * Follows GET /audit/events/stream. EventSource cannot send an Authorization header (and the
 * gateway refuses credentials in the query string), so this reads the SSE stream through the SDK
 * client as a byte stream (`parseAs: 'stream'`): the same credential, session ending and problem
 * words as every other call. Reconnects with Last-Event-ID after a dropped connection, so no event
 * is missed or repeated.
 */
export function followAuditEvents(
  api: Api,
  filters: AuditStreamQuery,
  onEvent: (event: AuditEvent) => void,
  onState: (state: 'connecting' | 'live' | 'retrying' | 'stopped', error?: unknown) => void,
): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;

  async function connect(): Promise<void> {
    onState('connecting');
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const stream = await unwrap(
      api.sdk.GET('/audit/events/stream', {
        params: { query: filters },
        headers,
        parseAs: 'stream',
        signal: controller.signal,
      }),
    );
    onState('live');
    const parser = createParser({
      // Every id the stream sends, the opening position included: where to resume.
      onId: (id) => {
        lastEventId = id;
      },
      onEvent: (message) => {
        if (!message.data) return;
        try {
          onEvent(JSON.parse(message.data) as AuditEvent);
        } catch {
          // A keep-alive or a message that is not an event: nothing to show.
        }
      },
    });
    if (!stream) throw new Error('The live tail answered without a stream.');
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  }

  void (async () => {
    let delay = 1000;
    while (!controller.signal.aborted) {
      try {
        await connect();
        // A stream that ended cleanly (its server-side lifetime is bounded) resumes at once.
        delay = 0;
      } catch (error) {
        if (controller.signal.aborted) return;
        // A refusal (session ended, role not allowed) ends the tail; anything else is retried with back-off.
        const status = (error as { status?: number }).status;
        if (status === 401 || status === 403) return onState('stopped', error);
        onState('retrying', error);
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(Math.max(delay * 2, 1000), 15_000);
    }
  })();

  return () => controller.abort();
}
