import { describe, expect, it } from 'vitest';
import { KEYS_COLUMNS_STORAGE, readColumnSizes, resizeByKey, writeColumnSizes } from './column-sizes';

const BOUNDS = { name: { min: 120, max: 600 }, scopes: { min: 140, max: 700 } };
const storageWith = (value: string | null) => ({ getItem: () => value });

describe('column sizes', () => {
  it('reads back what was kept, within bounds, and drops unknown columns and other shapes', () => {
    const kept = JSON.stringify({ name: 300, scopes: 9999, gone: 200, status: 'wide' });
    expect(readColumnSizes(storageWith(kept), BOUNDS)).toEqual({ name: 300, scopes: 700 });
    expect(readColumnSizes(storageWith('not json'), BOUNDS)).toEqual({});
    expect(readColumnSizes(storageWith('[1,2]'), BOUNDS)).toEqual({});
    expect(readColumnSizes(storageWith(null), BOUNDS)).toEqual({});
    expect(readColumnSizes(undefined, BOUNDS)).toEqual({});
  });

  it('writes the widths under the keys list’s entry and survives a storage that refuses', () => {
    const saved = new Map<string, string>();
    writeColumnSizes({ setItem: (k, v) => void saved.set(k, v) }, { name: 250 });
    expect(JSON.parse(saved.get(KEYS_COLUMNS_STORAGE) ?? '')).toEqual({ name: 250 });
    expect(() =>
      writeColumnSizes(
        {
          setItem: () => {
            throw new Error('QuotaExceededError');
          },
        },
        { name: 250 },
      ),
    ).not.toThrow();
  });

  it('moves a column edge by arrow keys, further with Shift, to the bounds with Home/End', () => {
    const bounds = BOUNDS.name;
    expect(resizeByKey(220, 'ArrowRight', false, bounds)).toBe(230);
    expect(resizeByKey(220, 'ArrowLeft', true, bounds)).toBe(170);
    expect(resizeByKey(125, 'ArrowLeft', false, bounds)).toBe(120);
    expect(resizeByKey(220, 'Home', false, bounds)).toBe(120);
    expect(resizeByKey(220, 'End', false, bounds)).toBe(600);
    expect(resizeByKey(220, 'Enter', false, bounds)).toBeUndefined();
  });
});
