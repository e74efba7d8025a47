import { render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BINDABLE_SCOPES, GRANTABLE_SCOPES } from '@latchkey/api-routes/table';
import { ScopePicker } from './ScopePicker';

function Picker() {
  const [value, setValue] = useState<string[]>([]);
  return <ScopePicker value={value} onChange={setValue} />;
}

describe('ScopePicker', () => {
  it('offers only scopes identity issues, and an instance binding only where identity accepts one', async () => {
    const user = userEvent.setup();
    render(<Picker />);
    const offered = screen
      .getAllByRole('checkbox')
      .map((box) => box.closest('label')?.querySelector('code')?.textContent ?? '');
    expect(offered.length).toBeGreaterThan(1);
    for (const scope of offered) expect(GRANTABLE_SCOPES).toContain(scope);

    for (const scope of offered.filter((s) => s !== '*')) {
      const row = screen.getByText(scope, { selector: 'code' }).closest('.scope-row') as HTMLElement;
      await user.click(within(row).getByRole('checkbox'));
      const bindable = within(row).queryByLabelText(/Only these instances/) !== null;
      expect({ scope, bindable }).toEqual({ scope, bindable: BINDABLE_SCOPES.has(scope) });
    }
  });
});
