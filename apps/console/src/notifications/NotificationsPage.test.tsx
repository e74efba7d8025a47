import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionFromToken } from '../session/session';
import { fakeGateway, renderWithProviders, userToken, type Call } from '../test/render';
import { NotificationsPage } from './NotificationsPage';

const ENDPOINT = {
  id: 'nep_1',
  url: 'https://hooks.example.com/latchkey',
  description: 'on-call',
  event_types: ['key.leaked', 'policy.updated'],
  created_by: 'usr_1',
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
};

const DEAD = {
  id: 'ndl_1',
  endpoint_id: 'nep_1',
  event_id: 'evt_1',
  event_type: 'key.leaked',
  status: 'dead',
  attempts: [
    {
      attempt: 1,
      attempted_at: '2026-12-01T10:00:01Z',
      status_code: 500,
      latency_ms: 12,
      error: 'endpoint answered 500',
      next_attempt_at: null,
    },
  ],
  next_attempt_at: null,
  created_at: '2026-12-01T10:00:00Z',
  delivered_at: null,
};

const signInAs = (role: string) =>
  sessionStorage.setItem(
    'latchkey.console.session',
    JSON.stringify(sessionFromToken(userToken({ sub: 'usr_1', role }), 'olivia@example.com')),
  );

function renderPage(
  respond: (call: Call) => { status: number; body?: unknown } | undefined = () => undefined,
) {
  const gateway = fakeGateway((call) => {
    const answer = respond(call);
    if (answer) return answer;
    if (call.path.endsWith('/deliveries')) return { status: 200, body: { data: [DEAD] } };
    if (call.method === 'GET') return { status: 200, body: { data: [ENDPOINT] } };
    return { status: 500 };
  });
  renderWithProviders(
    <>
      <NotificationsPage />
      <Toaster />
    </>,
    gateway.fetchImpl,
  );
  return gateway;
}

describe('NotificationsPage', () => {
  beforeEach(() => signInAs('owner'));

  it('creates an endpoint with the checked event types and shows its secret once, with a copy button', async () => {
    const user = userEvent.setup();
    const gateway = renderPage((call) =>
      call.method === 'POST'
        ? {
            status: 201,
            body: { ...ENDPOINT, id: 'nep_2', url: 'https://new.example.com/', secret: 'whsec_abc' },
          }
        : undefined,
    );
    await screen.findByText('https://hooks.example.com/latchkey');
    await user.type(screen.getByLabelText(/^URL/), 'https://new.example.com/');
    await user.click(screen.getByRole('checkbox', { name: /key\.leaked/ }));
    await user.click(screen.getByRole('checkbox', { name: /policy\.updated/ }));
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));

    expect(await screen.findByTestId('signing-secret')).toHaveTextContent('whsec_abc');
    expect(screen.getByRole('button', { name: /Copy secret/ })).toBeInTheDocument();
    const post = gateway.calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/admin/notifications/endpoints');
    expect(post?.body).toEqual({
      url: 'https://new.example.com/',
      event_types: ['key.leaked', 'policy.updated'],
      description: '',
    });
    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByTestId('signing-secret')).not.toBeInTheDocument();
  });

  it('shows a refused URL in the server’s words', async () => {
    const user = userEvent.setup();
    renderPage((call) =>
      call.method === 'POST'
        ? {
            status: 400,
            body: {
              type: 'about:blank',
              title: 'Bad Request',
              status: 400,
              code: 'invalid_request',
              detail:
                'url: 10.0.0.1 is not a public address (private, 10.0.0.0/8); only public addresses are allowed',
            },
          }
        : undefined,
    );
    await screen.findByText('https://hooks.example.com/latchkey');
    await user.type(screen.getByLabelText(/^URL/), 'https://10.0.0.1/');
    await user.click(screen.getByRole('checkbox', { name: /key\.leaked/ }));
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));
    expect(await screen.findByText(/not a public address/)).toBeInTheDocument();
  });

  it('lists deliveries with their attempts and redelivers a dead one', async () => {
    const user = userEvent.setup();
    const gateway = renderPage((call) =>
      call.method === 'POST'
        ? { status: 202, body: { ...DEAD, status: 'pending', attempts: [] } }
        : undefined,
    );
    await user.click(await screen.findByRole('button', { name: `Deliveries to ${ENDPOINT.url}` }));
    const table = await screen.findByRole('table', { name: `Deliveries to ${ENDPOINT.url}` });
    expect(within(table).getByText('dead')).toBeInTheDocument();
    expect(within(table).getByText('HTTP 500')).toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'Redeliver key.leaked' }));
    expect(await screen.findByText('Sent again.')).toBeInTheDocument();
    expect(gateway.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/admin/notifications/deliveries/ndl_1/redeliver',
    ]);
  });

  it('an owner or admin manages endpoints; nobody else is offered to', async () => {
    signInAs('admin');
    renderPage();
    expect(await screen.findByRole('button', { name: 'Create endpoint' })).toBeInTheDocument();
  });
});
