import {
  columnResizingFeature,
  columnSizingFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_datetime,
  tableFeatures,
  useTable,
  type ColumnSizingState,
  type Header,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ApiKey } from '../api/types';
import { formatDateTime } from '../ui/format';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { ExpiryBadge } from './ExpiryBadge';
import { readColumnSizes, resizeByKey, writeColumnSizes, type ColumnBounds } from './column-sizes';
import { LeakBadge } from './LeakBanner';
import { ScopeChips } from './ScopeChips';

const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnSizingFeature,
  columnResizingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, datetime: sortFn_datetime },
});
const helper = createColumnHelper<typeof features, ApiKey>();

/**
 * Each data column's width (its default) and how far it may be resized: wide enough for its
 * heading, never so wide that one column pushes the rest out of sight.
 */
const SIZES = {
  name: { size: 220, min: 120, max: 600 },
  prefix: { size: 150, min: 110, max: 320 },
  environment: { size: 110, min: 90, max: 220 },
  scopes: { size: 260, min: 140, max: 700 },
  status: { size: 120, min: 90, max: 240 },
  expires: { size: 160, min: 110, max: 320 },
  last_used: { size: 160, min: 110, max: 320 },
} as const;
type SizedColumn = keyof typeof SIZES;
const BOUNDS: Record<string, ColumnBounds> = SIZES;
const sized = (id: SizedColumn) => ({ size: SIZES[id].size, minSize: SIZES[id].min, maxSize: SIZES[id].max });

const browserStorage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** A missing date sorts as the farthest future ("never expires", "never used" last when ascending). */
const time = (value: string | null) => (value === null ? Number.MAX_SAFE_INTEGER : Date.parse(value));

const selectColumn = helper.display({
  id: 'select',
  size: 44,
  enableResizing: false,
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
    ...sized('name'),
    sortFn: 'alphanumeric',
    cell: ({ row }) => <Link to={`/keys/${row.original.id}`}>{row.original.name}</Link>,
  }),
  helper.accessor('prefix', {
    header: 'Prefix',
    ...sized('prefix'),
    enableSorting: false,
    cell: ({ getValue }) => <code>{getValue()}…</code>,
  }),
  helper.accessor('environment', { header: 'Environment', ...sized('environment'), sortFn: 'alphanumeric' }),
  helper.accessor('scopes', {
    header: 'Scopes',
    ...sized('scopes'),
    enableSorting: false,
    cell: ({ getValue }) => <ScopeChips scopes={getValue()} />,
  }),
  helper.accessor((key) => displayStatus(key), {
    id: 'status',
    header: 'Status',
    ...sized('status'),
    sortFn: 'alphanumeric',
    cell: ({ getValue, row }) => (
      <>
        <StatusBadge status={getValue()} />
        <LeakBadge apiKey={row.original} />
        {row.original.canary && (
          <span className="badge badge-canary" title="Grants nothing; any use raises key.canary_tripped">
            canary
          </span>
        )}
      </>
    ),
  }),
  helper.accessor((key) => time(key.expires_at), {
    id: 'expires',
    header: 'Expires',
    ...sized('expires'),
    // A revoked key never works again: how soon it would have expired no longer matters.
    cell: ({ row }) =>
      row.original.status === 'revoked' ? '—' : <ExpiryBadge expiresAt={row.original.expires_at} />,
  }),
  helper.accessor((key) => time(key.last_used_at), {
    id: 'last_used',
    header: 'Last used',
    ...sized('last_used'),
    cell: ({ row }) => formatDateTime(row.original.last_used_at, 'Never'),
  }),
]);

const withSelection = helper.columns([selectColumn, ...dataColumns]);

const SORT_WORDS = { asc: 'ascending', desc: 'descending' } as const;

/**
 * A column's right edge, as a window splitter (WAI-ARIA): dragged with a mouse or a finger, or
 * focused with Tab and moved with the arrow keys (Shift for bigger steps, Home/End to the bounds).
 */
/* eslint-disable jsx-a11y/no-noninteractive-element-interactions, jsx-a11y/no-noninteractive-tabindex --
   a focusable separator is a widget in WAI-ARIA (the window splitter); jsx-a11y counts every
   separator as static. */
function ResizeHandle({
  header,
  label,
  onKeyResize,
}: {
  header: Header<typeof features, ApiKey, unknown>;
  label: string;
  onKeyResize(size: number): void;
}) {
  const bounds = BOUNDS[header.column.id];
  if (!bounds || !header.column.getCanResize()) return null;
  const size = header.getSize();
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of the ${label} column`}
      aria-valuenow={size}
      aria-valuemin={bounds.min}
      aria-valuemax={bounds.max}
      tabIndex={0}
      className={`resize-handle${header.column.getIsResizing() ? ' resizing' : ''}`}
      onMouseDown={header.getResizeHandler()}
      onTouchStart={header.getResizeHandler()}
      onDoubleClick={() => header.column.resetSize()}
      onKeyDown={(event) => {
        const next = resizeByKey(size, event.key, event.shiftKey, bounds);
        if (next === undefined) return;
        event.preventDefault();
        onKeyResize(next);
      }}
    />
  );
}
/* eslint-enable jsx-a11y/no-noninteractive-element-interactions, jsx-a11y/no-noninteractive-tabindex */

/**
 * The keys list on TanStack Table: sortable columns, resizable column widths kept in this browser
 * (long scope lists wrap as chips inside their own cell), and, for those who may revoke, row selection. Below 640 px each
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
  // Widths the person chose earlier, kept per browser; a reload keeps them.
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>(() =>
    readColumnSizes(browserStorage(), BOUNDS),
  );
  useEffect(() => writeColumnSizes(browserStorage(), columnSizing), [columnSizing]);
  const table = useTable({
    features,
    columns: selectable ? withSelection : dataColumns,
    data: keys,
    getRowId: (key) => key.id,
    enableRowSelection: (row) => selectable && row.original.status !== 'revoked',
    enableSortingRemoval: true,
    columnResizeMode: 'onChange',
    state: { sorting, rowSelection: selection, columnSizing },
    onColumnSizingChange: setColumnSizing,
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
                    <ResizeHandle
                      header={header}
                      label={
                        typeof header.column.columnDef.header === 'string'
                          ? header.column.columnDef.header
                          : header.column.id
                      }
                      onKeyResize={(size) => setColumnSizing((old) => ({ ...old, [header.column.id]: size }))}
                    />
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
