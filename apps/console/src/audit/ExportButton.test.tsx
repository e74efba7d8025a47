import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FetchLike } from '@latchkey/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionFromToken } from '../session/session';
import { renderWithProviders, userToken } from '../test/render';
import { ExportButton } from './ExportButton';

const encoder = new TextEncoder();

/** A gateway whose export body arrives chunk by chunk, when the test pushes it. */
function streamingGateway() {
  let push!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      push = controller;
    },
  });
  const requests: Request[] = [];
  const fetchImpl: FetchLike = async (request) => {
    requests.push(request);
    request.signal.addEventListener('abort', () => push.error(new DOMException('aborted', 'AbortError')));
    return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  };
  return {
    requests,
    fetchImpl,
    send: (text: string) => push.enqueue(encoder.encode(text)),
    end: () => push.close(),
  };
}

let saved: Blob[] = [];
beforeEach(() => {
  const session = sessionFromToken(userToken({ sub: 'usr_1', role: 'owner' }), 'olivia@example.com');
  sessionStorage.setItem('latchkey.console.session', JSON.stringify(session));
  saved = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    saved.push(blob);
    return 'blob:export';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('ExportButton', () => {
  it('streams the current filters’ export with the user token, shows events and bytes so far, then saves it', async () => {
    const user = userEvent.setup();
    const gw = streamingGateway();
    renderWithProviders(<ExportButton query={{ actor: 'usr_1' }} />, gw.fetchImpl);
    await user.click(screen.getByRole('button', { name: 'Export events' }));
    await waitFor(() => expect(gw.requests).toHaveLength(1));
    const url = new URL(gw.requests[0]!.url);
    expect(url.pathname).toBe('/audit/events/export');
    expect(url.searchParams.get('actor')).toBe('usr_1');
    expect(url.searchParams.get('format')).toBe('ndjson');
    expect(gw.requests[0]!.headers.get('authorization')).toMatch(/^Bearer /);

    gw.send('{"id":"evt_1"}\n{"id":"evt_2"}\n');
    await screen.findByText('Exporting… 2 events, 30 B so far');
    gw.send('{"id":"evt_3"}\n');
    await screen.findByText('Exporting… 3 events, 45 B so far');
    gw.end();
    await screen.findByText('Exported 3 events (45 B).');
    expect(saved).toHaveLength(1);
    expect(await saved[0]!.text()).toBe('{"id":"evt_1"}\n{"id":"evt_2"}\n{"id":"evt_3"}\n');
  });

  it('a CSV export does not count its header row; Cancel stops it and saves nothing', async () => {
    const user = userEvent.setup();
    const gw = streamingGateway();
    renderWithProviders(<ExportButton query={{}} />, gw.fetchImpl);
    await user.selectOptions(screen.getByLabelText('Export format'), 'csv');
    await user.click(screen.getByRole('button', { name: 'Export events' }));
    await waitFor(() => expect(gw.requests).toHaveLength(1));
    expect(new URL(gw.requests[0]!.url).searchParams.get('format')).toBe('csv');
    gw.send('"id","seq"\n"evt_1","1"\n');
    await screen.findByText('Exporting… 1 event, 23 B so far');
    await user.click(screen.getByRole('button', { name: 'Cancel export' }));
    await screen.findByText('Export cancelled.');
    expect(saved).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Export events' })).toBeEnabled();
  });
});
