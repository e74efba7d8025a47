import { describe, expect, it } from 'vitest';
import { countdown, expiryState } from './expiry';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const H = 3_600_000;

describe('expiry badges', () => {
  it('says never for a key without expiry', () => {
    expect(expiryState(null, NOW)).toEqual({ tone: 'never', label: 'Never expires' });
  });
  it('is red under one day, amber from one day to under seven, calm from seven days', () => {
    expect(expiryState(at(30 * 60_000), NOW)).toEqual({ tone: 'imminent', label: 'Expires in 1 hour' });
    expect(expiryState(at(24 * H - 1), NOW).tone).toBe('imminent');
    expect(expiryState(at(24 * H), NOW)).toEqual({ tone: 'soon', label: 'Expires in 1 day' });
    expect(expiryState(at(7 * 24 * H - 1), NOW)).toEqual({ tone: 'soon', label: 'Expires in 6 days' });
    expect(expiryState(at(7 * 24 * H), NOW)).toEqual({ tone: 'notice', label: 'Expires in 7 days' });
  });
  it('marks the 30-day warning window (the key.expiring thresholds: 30, 7 and 1 days)', () => {
    expect(expiryState(at(30 * 24 * H), NOW)).toEqual({ tone: 'notice', label: 'Expires in 30 days' });
    expect(expiryState(at(30 * 24 * H + 1), NOW)).toEqual({ tone: 'ok', label: 'Expires in 30 days' });
    expect(expiryState(at(31 * 24 * H), NOW).tone).toBe('ok');
    expect(expiryState(at(8 * 24 * H), NOW).tone).toBe('notice');
  });
  it('says expired from the expiry on', () => {
    expect(expiryState(at(0), NOW).tone).toBe('expired');
    expect(expiryState(at(-H), NOW)).toEqual({ tone: 'expired', label: 'Expired' });
  });
  it('counts a grace window down to nothing', () => {
    expect(countdown(at(H + 65_000), NOW)).toBe('1 h 01 min 05 s');
    expect(countdown(at(59_000), NOW)).toBe('0 min 59 s');
    expect(countdown(at(0), NOW)).toBeUndefined();
  });
});
