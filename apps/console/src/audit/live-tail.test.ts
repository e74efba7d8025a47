import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../api/client';
import { followAuditEvents } from './live-tail';

const event = (id: string) => ({ id, type: 'key.used', occurred_at: '2026-12-01T10:00:00Z' });

describe('followAuditEvents', () => {
  it('reads the stream through the SDK client with the session token, resumes after the last id, stops on a 401', async () => {
    const requests: Request[] = [];
    const answers = [
      () =>
        new Response(`id: 7\ndata: ${JSON.stringify(event('evt_7'))}\n\n: keep-alive\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        }),
      () =>
        new Response(
          JSON.stringify({ code: 'invalid_token', title: 'Invalid token', status: 401, type: 'x' }),
          {
            status: 401,
            headers: { 'content-type': 'application/problem+json' },
          },
        ),
    ];
    const fetchImpl = vi.fn(async (request: Request) => {
      requests.push(request);
      const answer = answers[Math.min(requests.length, answers.length) - 1];
      if (!answer) throw new Error('no answer scripted');
      return answer();
    });
    const ended = vi.fn();
    const api = createApi({ token: () => 'user-token', onSessionEnded: ended }, fetchImpl);
    const received: unknown[] = [];
    const states: string[] = [];

    const stop = followAuditEvents(
      api,
      { type: 'key.used' },
      (e) => received.push(e),
      (state) => states.push(state),
    );
    await vi.waitFor(() => expect(states.at(-1)).toBe('stopped'));
    stop();

    expect(received).toEqual([event('evt_7')]);
    expect(requests.map((r) => new URL(r.url).pathname + new URL(r.url).search)).toEqual([
      '/audit/events/stream?type=key.used',
      '/audit/events/stream?type=key.used',
    ]);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer user-token',
      'Bearer user-token',
    ]);
    expect(requests.map((r) => r.headers.get('last-event-id'))).toEqual([null, '7']);
    expect(requests[0]?.headers.get('accept')).toBe('text/event-stream');
    // The refused token ends the session that holds it.
    expect(ended).toHaveBeenCalledWith('user-token');
  });
});
