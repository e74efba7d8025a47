import type { ColumnSizingState } from '@tanstack/react-table';

/** The bounds of a resizable column, in pixels. */
export interface ColumnBounds {
  min: number;
  max: number;
}

/** Where the keys list keeps its column widths: per browser, so they survive a reload. */
export const KEYS_COLUMNS_STORAGE = 'latchkey.console.keys.columns';

/** How far one arrow key press moves a column edge; Shift moves it further. */
export const RESIZE_STEP = 10;
export const RESIZE_STEP_LARGE = 50;

const clamp = (value: number, { min, max }: ColumnBounds) => Math.min(max, Math.max(min, Math.round(value)));

/**
 * The widths kept earlier, for the columns that still exist, within their bounds; anything else
 * (no storage, storage refused, another shape, a column since removed) is dropped, so a stale or
 * hand-edited entry can never make the list unusable.
 */
export function readColumnSizes(
  storage: Pick<Storage, 'getItem'> | undefined,
  bounds: Readonly<Record<string, ColumnBounds>>,
): ColumnSizingState {
  let stored: unknown;
  try {
    stored = JSON.parse(storage?.getItem(KEYS_COLUMNS_STORAGE) ?? 'null');
  } catch {
    return {};
  }
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  const sizes: ColumnSizingState = {};
  for (const [id, size] of Object.entries(stored)) {
    const bound = bounds[id];
    if (bound && typeof size === 'number' && Number.isFinite(size)) sizes[id] = clamp(size, bound);
  }
  return sizes;
}

/** Keeps the widths; a browser that refuses storage (private mode, quota) just forgets them. */
export function writeColumnSizes(storage: Pick<Storage, 'setItem'> | undefined, sizes: ColumnSizingState) {
  try {
    storage?.setItem(KEYS_COLUMNS_STORAGE, JSON.stringify(sizes));
  } catch {
    // Widths are a convenience: nothing to tell the person.
  }
}

/**
 * A resize by keyboard: the column's new width after `key` (ArrowLeft/ArrowRight narrow/widen,
 * Shift for bigger steps, Home/End to the bounds), or undefined for any other key.
 */
export function resizeByKey(
  current: number,
  key: string,
  shift: boolean,
  bounds: ColumnBounds,
): number | undefined {
  const step = shift ? RESIZE_STEP_LARGE : RESIZE_STEP;
  switch (key) {
    case 'ArrowLeft':
      return clamp(current - step, bounds);
    case 'ArrowRight':
      return clamp(current + step, bounds);
    case 'Home':
      return bounds.min;
    case 'End':
      return bounds.max;
    default:
      return undefined;
  }
}
