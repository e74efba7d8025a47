import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LatchkeyProblemError } from '@latchkey/sdk';
import type { IssuancePolicy } from '../api/types';
import { fakeGateway, renderWithProviders } from '../test/render';
import { emptyKeyForm } from './key-form';
import { KeyForm } from './KeyForm';

const POLICY: IssuancePolicy = {
  max_key_lifetime_days: null,
  allow_never_expiring_keys: true,
  write_scopes_require_ip_allowlist: false,
  user_token_ttl_seconds: 43_200,
  service_token_ttl_seconds: 2_592_000,
  leak_action: 'revoke',
  dormant_after_days: null,
};

function renderForm(onSubmit = vi.fn(async () => undefined), policy = POLICY) {
  const { fetchImpl } = fakeGateway(() => ({ status: 500 }));
  renderWithProviders(
    <KeyForm
      mode="create"
      initial={emptyKeyForm()}
      policy={policy}
      submitLabel="Create key"
      onSubmit={onSubmit}
    />,
    fetchImpl,
  );
  return onSubmit;
}

describe('KeyForm (create)', () => {
  it('sends name, scopes with an instance binding, expiry preset, paths, IPs and rate limit', async () => {
    const user = userEvent.setup();
    const onSubmit = renderForm();
    await user.type(screen.getByLabelText('Name'), 'Billing export');
    await user.click(screen.getByRole('checkbox', { name: /invoices:read/ }));
    await user.click(screen.getByRole('checkbox', { name: /projects:read/ }));
    await user.type(screen.getAllByLabelText(/Only these instances/)[1]!, 'prj_42');
    await user.click(screen.getByRole('radio', { name: 'In 7 days' }));
    await user.type(screen.getByLabelText(/Allowed paths/), '/v1/invoices/*');
    await user.type(screen.getByLabelText(/Allowed IP addresses/), '198.51.100.7');
    await user.clear(screen.getByLabelText('Requests'));
    await user.type(screen.getByLabelText('Requests'), '30');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Billing export',
      environment: 'live',
      scopes: ['invoices:read', 'projects:read@prj_42'],
      expires_in_days: 7,
      allowed_paths: ['/v1/invoices/*'],
      allowed_ips: ['198.51.100.7'],
      rate_limit: { limit: 30, window_seconds: 60 },
    });
  });

  it('shows what to fix next to the fields and sends nothing', async () => {
    const user = userEvent.setup();
    const onSubmit = renderForm();
    await user.type(screen.getByLabelText(/Allowed IP addresses/), 'not-an-ip');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Give the key a name/);
    expect(screen.getByText('Pick at least one scope.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Allowed IP addresses/)).toHaveAccessibleDescription(
      /"not-an-ip" is not an IP address/,
    );
  });

  it('offers only what the policy allows and refuses a custom date in the past', async () => {
    const user = userEvent.setup();
    const onSubmit = renderForm(undefined, {
      ...POLICY,
      max_key_lifetime_days: 30,
      allow_never_expiring_keys: false,
    });
    expect(screen.queryByRole('radio', { name: 'In 60 days' })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /Never/ })).toBeDisabled();

    await user.type(screen.getByLabelText('Name'), 'k');
    await user.click(screen.getByRole('checkbox', { name: /leads:read/ }));
    await user.click(screen.getByRole('radio', { name: 'On a date' }));
    await user.type(screen.getByLabelText('Expiry date'), '2020-01-01');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('The expiry date must be in the future.')).toBeInTheDocument();
  });

  it('full access replaces the other scopes', async () => {
    const user = userEvent.setup();
    const onSubmit = renderForm();
    await user.type(screen.getByLabelText('Name'), 'admin');
    await user.click(screen.getByRole('checkbox', { name: /leads:read/ }));
    await user.click(screen.getByRole('checkbox', { name: /Full access/ }));
    expect(screen.getByRole('checkbox', { name: /leads:read/ })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ scopes: ['*'] }));
  });

  it('shows the API refusal in words, field by field, with the request id', async () => {
    const user = userEvent.setup();
    const refusal = new LatchkeyProblemError(400, {
      type: 'about:blank',
      title: 'Invalid request',
      status: 400,
      code: 'invalid_request',
      request_id: 'req-123',
      errors: [{ field: 'scopes.0', message: 'not a known scope' }],
    });
    renderForm(vi.fn(async () => Promise.reject(refusal)));
    await user.type(screen.getByLabelText('Name'), 'k');
    await user.click(screen.getByRole('checkbox', { name: /leads:read/ }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Some of what you entered was not accepted.');
    expect(alert).toHaveTextContent('scopes.0: not a known scope');
    expect(alert).toHaveTextContent('Request id: req-123');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Create key' })).toBeEnabled());
  });
});

describe('KeyForm (edit)', () => {
  it('keeps every instance binding and scopes outside the route table, and edits them', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn(async () => undefined);
    const { fetchImpl } = fakeGateway(() => ({ status: 500 }));
    const initial = {
      ...emptyKeyForm(),
      name: 'k',
      scopes: ['projects:read@prj_1', 'projects:read@prj_2', 'leads:*'],
    };
    renderWithProviders(
      <KeyForm
        mode="edit"
        initial={initial}
        policy={POLICY}
        submitLabel="Save changes"
        onSubmit={onSubmit}
      />,
      fetchImpl,
    );
    const instances = screen.getByLabelText(/Only these instances/);
    expect(instances).toHaveValue('prj_1, prj_2');
    await user.type(instances, ', prj_3');
    await user.click(screen.getByRole('checkbox', { name: 'leads:*' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        scopes: ['projects:read@prj_1', 'projects:read@prj_2', 'projects:read@prj_3'],
      }),
    );
  });
});
