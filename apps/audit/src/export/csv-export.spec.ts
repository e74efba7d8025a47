import fc from 'fast-check';
import { csvCell } from './csv-export';

/** An RFC 4180 reader for one quoted cell: the reference the export is read back with. */
function readCell(cell: string): string {
  expect(cell.startsWith('"') && cell.endsWith('"')).toBe(true);
  const inner = cell.slice(1, -1);
  // Inside a quoted cell, a quote only ever appears doubled.
  expect(inner.replace(/""/g, '')).not.toContain('"');
  return inner.replace(/""/g, '"');
}

describe('CSV export cells', () => {
  it.each([
    '=HYPERLINK("http://evil.example","click")',
    '+1+cmd|" /C calc"!A0',
    '-2+3',
    '@SUM(A1:A2)',
    '\t=1+1',
    '\r=1+1',
  ])('text that starts like a formula (%j) is neutralised with a leading quote', (text) => {
    expect(readCell(csvCell(text))).toBe(`'${text}`);
  });

  it('any text reads back exactly, or with one leading quote when it starts like a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (text) => {
        const read = readCell(csvCell(text));
        expect(read).toBe(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('no cell, whatever it holds, ends the cell or the row early', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue()), (value) => {
        const cell = csvCell(value);
        // Quoted whole: commas and line breaks inside belong to the cell.
        expect(readCell(cell)).toBeDefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('objects are written as JSON, empty values as an empty cell', () => {
    expect(readCell(csvCell({ name: '=1+1', n: 2 }))).toBe('{"name":"=1+1","n":2}');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });
});
