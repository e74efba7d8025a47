import type { FetchLike } from '@latchkey/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { SessionProvider } from '../session/session';

/** A recorded call to the fake gateway. */
export interface Call {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers a call, at once or later (a promise lets a test hold a response back). */
type Responder = (call: Call) => Answer | Promise<Answer>;

/**
 * Stands in for the gateway (not under test here): records every call the SDK client sends and
 * answers with what the test scripted, as real Response objects so the SDK's and the console's
 * error handling run for real.
 */
export function fakeGateway(respond: Responder) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      body: text ? JSON.parse(text) : undefined,
      authorization: request.headers.get('authorization'),
    };
    calls.push(call);
    const answer = await respond(call);
    const problem = answer.status >= 400;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: {
        'content-type': problem ? 'application/problem+json' : 'application/json',
        ...answer.headers,
      },
    });
  });
  return { calls, fetchImpl: fetchImpl as FetchLike };
}

export function renderWithProviders(ui: ReactElement, fetchImpl: FetchLike) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider fetchImpl={fetchImpl}>
        <MemoryRouter>{ui}</MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

/** A syntactically valid user token (the console reads, never verifies, its claims). */
export function userToken(claims: Record<string, unknown> = {}): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'EdDSA' })}.${encode({ sub: 'usr_1', org_id: 'org_1', role: 'owner', exp, ...claims })}.sig`;
}
