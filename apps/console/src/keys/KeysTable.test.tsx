import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderWithProviders } from '../test/render';
import { KEYS_COLUMNS_STORAGE } from './column-sizes';
import { KeysTable } from './KeysTable';
import { testKey } from './test-key';

const { fetchImpl } = fakeGateway(() => ({ status: 500 }));

function renderTable() {
  return renderWithProviders(
    <KeysTable
      keys={[testKey()]}
      selectable
      sorting={[]}
      onSortingChange={() => undefined}
      selection={{}}
      onSelectionChange={() => undefined}
      emptyText={undefined}
    />,
    fetchImpl,
  );
}

const nameColumnWidth = () => screen.getByRole('separator', { name: 'Width of the Name column' });

describe('KeysTable column sizes', () => {
  beforeEach(() => localStorage.clear());

  it('resizes a column from the keyboard and keeps the width for the next visit', async () => {
    const user = userEvent.setup();
    const first = renderTable();
    const handle = nameColumnWidth();
    expect(handle).toHaveAttribute('aria-valuenow', '220');
    expect(screen.queryByRole('separator', { name: /select/i })).not.toBeInTheDocument();

    handle.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}{Shift>}{ArrowRight}{/Shift}');
    expect(nameColumnWidth()).toHaveAttribute('aria-valuenow', '290');
    expect(JSON.parse(localStorage.getItem(KEYS_COLUMNS_STORAGE) ?? '{}')).toMatchObject({ name: 290 });
    await user.keyboard('{Home}');
    expect(nameColumnWidth()).toHaveAttribute('aria-valuenow', '120');
    await user.keyboard('{ArrowRight}');
    first.unmount();

    renderTable();
    expect(nameColumnWidth()).toHaveAttribute('aria-valuenow', '130');
  });
});
