import fc from 'fast-check';
import { IdPrefix } from '@latchkey/contracts';
import { idCursor, pageOf, pageCursor } from './page-cursor';
import { z } from 'zod';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `prj_01${String(i).padStart(24, '0')}`);

describe('pageOf', () => {
  it('keeps at most `limit` rows and offers a next cursor exactly when a row beyond them was read', () => {
    const cursor = pageCursor(z.number().int());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 21 }), (limit, read) => {
        const rows = Array.from({ length: Math.min(read, limit + 1) }, (_, i) => i + 1);
        const page = pageOf(rows, limit, cursor, (row) => row);
        expect(page.data).toEqual(rows.slice(0, limit));
        if (rows.length > limit) expect(cursor.decode(page.next_cursor as string)).toBe(limit);
        else expect(page.next_cursor).toBeNull();
      }),
    );
  });

  it('walking a list page by page with its cursors yields every row once, in order', () => {
    const cursor = idCursor(IdPrefix.Project);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 7 }), (total, limit) => {
        const all = ids(total);
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const read = all.filter((id) => after === undefined || id > after).slice(0, limit + 1);
          const page = pageOf(read, limit, cursor, (id) => id);
          seen.push(...page.data);
          if (page.next_cursor === null) break;
          after = cursor.decode(page.next_cursor);
        }
        expect(seen).toEqual(all);
      }),
    );
  });
});

describe('idCursor', () => {
  it("refuses another kind's id cursor with 400 invalid_request, like a tampered one", () => {
    const lead = idCursor(IdPrefix.Lead).encode('led_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(() => idCursor(IdPrefix.Project).decode(lead)).toThrow('cursor: not a cursor this API returned');
    expect(idCursor(IdPrefix.Lead).decode(lead)).toBe('led_01ARZ3NDEKTSV4RRFFQ69G5FAV');
  });
});
