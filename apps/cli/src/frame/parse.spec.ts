import { InvalidArgumentError } from 'commander';
import {
  boolean,
  collect,
  defined,
  instant,
  integer,
  integerOrNone,
  noneAsNull,
  rateLimit,
  when,
} from './parse';

describe('option parsers', () => {
  it('--rate-limit takes requests per window in seconds, minutes or hours', () => {
    expect(rateLimit('100/60')).toEqual({ limit: 100, window_seconds: 60 });
    expect(rateLimit('1000/1h')).toEqual({ limit: 1000, window_seconds: 3600 });
    expect(rateLimit('50/2m')).toEqual({ limit: 50, window_seconds: 120 });
    expect(rateLimit('100')).toEqual({ limit: 100, window_seconds: 60 });
    for (const bad of ['', 'x/60', '100/', '0/60', '100/0', '-5/60', '100/60d'])
      expect(() => rateLimit(bad)).toThrow(InvalidArgumentError);
  });

  it('repeatable options collect every value, commas splitting too', () => {
    expect(collect('b', collect('a', undefined))).toEqual(['a', 'b']);
    expect(collect('leads:read, projects:read', ['audit:read'])).toEqual([
      'audit:read',
      'leads:read',
      'projects:read',
    ]);
  });

  it('integers are whole and within bounds; none is null where allowed', () => {
    expect(integer(0, 10)('7')).toBe(7);
    for (const bad of ['1.5', '11', '-1', 'ten', '', '1e3'])
      expect(() => integer(0, 10)(bad)).toThrow(InvalidArgumentError);
    expect(integerOrNone(1)('none')).toBe('none');
    expect(noneAsNull(integerOrNone(1)('None'))).toBeNull();
    expect(integerOrNone(1)('90')).toBe(90);
    expect(() => integerOrNone(1)('0')).toThrow(InvalidArgumentError);
  });

  it('switches take true/false and their usual spellings only', () => {
    expect(['true', 'Yes', 'on', '1'].map(boolean)).toEqual([true, true, true, true]);
    expect(['false', 'NO', 'off', '0'].map(boolean)).toEqual([false, false, false, false]);
    expect(() => boolean('maybe')).toThrow(InvalidArgumentError);
  });

  it('times are RFC 3339, or a duration back from now', () => {
    const now = () => new Date('2026-12-04T12:00:00.000Z');
    expect(instant(now)('2h')).toBe('2026-12-04T10:00:00.000Z');
    expect(instant(now)('7d')).toBe('2026-11-27T12:00:00.000Z');
    expect(instant(now)('2026-12-01T00:00:00Z')).toBe('2026-12-01T00:00:00Z');
    for (const bad of ['yesterday', '2026-12-01', '2026-13-45T00:00:00Z'])
      expect(() => instant(now)(bad)).toThrow(InvalidArgumentError);
  });

  it('a body carries only the options given', () => {
    expect(defined({ a: 1, b: undefined, c: null, d: false })).toEqual({ a: 1, c: null, d: false });
  });

  it('times in tables drop the seconds; none reads as given', () => {
    expect(when('2026-12-04T16:55:51.123Z')).toBe('2026-12-04 16:55Z');
    expect(when(null, 'never')).toBe('never');
  });
});
