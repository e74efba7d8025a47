/** One Server-Sent Event (the fields the audit tail sends). */
export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Parses a text/event-stream incrementally (the WHATWG rules the audit tail needs: `id`, `event`,
 * `data` lines, comments, blank-line dispatch, CR/LF/CRLF). Chunks may split lines anywhere.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private id: string | undefined;
  private event: string | undefined;

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end === -1) break;
      // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const complete = this.data.length > 0 ? { data: this.data.join('\n'), ...this.named() } : undefined;
      this.data = [];
      this.event = undefined;
      return complete;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    // The id persists across events (the last one seen is the resume point), as in EventSource.
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }

  private named(): { id?: string; event?: string } {
    return {
      ...(this.id === undefined ? {} : { id: this.id }),
      ...(this.event === undefined ? {} : { event: this.event }),
    };
  }

  /** The last `id` the stream sent (an event's or a bare position line): where a reconnect resumes. */
  get lastEventId(): string | undefined {
    return this.id;
  }
}
