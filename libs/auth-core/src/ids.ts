import { ulid } from 'ulid';

/** Resource ids: a type prefix and a ULID, so ids sort by creation and say what they name. */
export type IdPrefix = 'org' | 'usr' | 'key' | 'sec' | 'prj' | 'led' | 'inv' | 'txn' | 'whc' | 'whe' | 'evt';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}
