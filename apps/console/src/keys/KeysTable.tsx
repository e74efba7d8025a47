import {
  columnSizingFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_datetime,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { Link } from 'react-router';
import type { ApiKey } from '../api/types';
import { formatDateTime } from '../ui/format';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { ExpiryBadge } from './ExpiryBadge';
import { ScopeChips } from './ScopeChips';

const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnSizingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, datetime: sortFn_datetime },
});
const helper = createColumnHelper<typeof features, ApiKey>();

/** A missing date sorts as the farthest future ("never expires", "never used" last when ascending). */
const time = (value: string | null) => (value === null ? Number.MAX_SAFE_INTEGER : Date.parse(value));

const selectColumn = helper.display({
  id: 'select',
  size: 44,
  header: ({ table }) => (
    <input
      type="checkbox"
      aria-label="Select every key shown"
      checked={table.getIsAllRowsSelected()}
      ref={(box) => {
        if (box) box.indeterminate = table.getIsSomeRowsSelected() && !table.getIsAllRowsSelected();
      }}
      onChange={table.getToggleAllRowsSelectedHandler()}
    />
  ),
  cell: ({ row }) => (
    <input
      type="checkbox"
      aria-label={`Select “${row.original.name}”`}
      checked={row.getIsSelected()}
      disabled={!row.getCanSelect()}
      onChange={row.getToggleSelectedHandler()}
    />
  ),
});

const dataColumns = helper.columns([
  helper.accessor('name', {
    header: 'Name',
    size: 220,
    sortFn: 'alphanumeric',
    cell: ({ row }) => <Link to={`/keys/${row.original.id}`}>{row.original.name}</Link>,
  }),
  helper.accessor('prefix', {
    header: 'Prefix',
    size: 150,
    enableSorting: false,
    cell: ({ getValue }) => <code>{getValue()}…</code>,
  }),
  helper.accessor('environment', { header: 'Environment', size: 110, sortFn: 'alphanumeric' }),
  helper.accessor('scopes', {
    header: 'Scopes',
    size: 260,
    enableSorting: false,
    cell: ({ getValue }) => <ScopeChips scopes={getValue()} />,
  }),
  helper.accessor((key) => displayStatus(key), {
    id: 'status',
    header: 'Status',
    size: 120,
    sortFn: 'alphanumeric',
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  helper.accessor((key) => time(key.expires_at), {
    id: 'expires',
    header: 'Expires',
    size: 160,
    // A revoked key never works again: how soon it would have expired no longer matters.
    cell: ({ row }) =>
      row.original.status === 'revoked' ? '—' : <ExpiryBadge expiresAt={row.original.expires_at} />,
  }),
  helper.accessor((key) => time(key.last_used_at), {
    id: 'last_used',
    header: 'Last used',
    size: 160,
    cell: ({ row }) => formatDateTime(row.original.last_used_at, 'Never'),
  }),
]);

const withSelection = helper.columns([selectColumn, ...dataColumns]);

const SORT_WORDS = { asc: 'ascending', desc: 'descending' } as const;

/**
 * The keys list on TanStack Table: sortable columns, fixed column sizes (long scope lists wrap as
 * chips inside their own cell), and, for those who may revoke, row selection. Below 640 px each
 * row is a card (keys.css); the table scrolls inside its own box otherwise.
 */
export function KeysTable({
  keys,
  selectable,
  sorting,
  onSortingChange,
  selection,
  onSelectionChange,
  emptyText,
}: {
  keys: ApiKey[];
  selectable: boolean;
  sorting: SortingState;
  onSortingChange(next: SortingState): void;
  selection: RowSelectionState;
  onSelectionChange(next: RowSelectionState): void;
  emptyText: string | undefined;
}) {
  const table = useTable({
    features,
    columns: selectable ? withSelection : dataColumns,
    data: keys,
    getRowId: (key) => key.id,
    enableRowSelection: (row) => selectable && row.original.status !== 'revoked',
    enableSortingRemoval: true,
    state: { sorting, rowSelection: selection },
    onSortingChange: (updater) => onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
    onRowSelectionChange: (updater) =>
      onSelectionChange(typeof updater === 'function' ? updater(selection) : updater),
  });
  const columnCount = table.getAllLeafColumns().length;

  return (
    <div className="table-scroll keys-table-box">
      <table className="keys-table" style={{ minWidth: `${table.getTotalSize()}px` }}>
        <caption className="visually-hidden">API keys of your organisation</caption>
        <colgroup>
          {table.getAllLeafColumns().map((column) => (
            <col key={column.id} style={{ width: `${column.getSize()}px` }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted ? SORT_WORDS[sorted] : header.column.getCanSort() ? 'none' : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={header.column.getToggleSortingHandler()}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} aria-selected={selectable ? row.getIsSelected() : undefined}>
              {row.getAllCells().map((cell) => (
                <td
                  key={cell.id}
                  className={`cell-${cell.column.id}`}
                  data-label={
                    typeof cell.column.columnDef.header === 'string' ? cell.column.columnDef.header : ''
                  }
                >
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
          {emptyText && (
            <tr>
              <td colSpan={columnCount}>{emptyText}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
