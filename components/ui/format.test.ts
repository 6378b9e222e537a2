import { describe, expect, it } from 'vitest';
import { formatTimeAgo, formatTimestamp, formatVersion, toEpochMs } from './format';

describe('formatVersion', () => {
  it.each([
    ['1.0.0', 'v1.0.0'],
    ['v1.0.0', 'v1.0.0'],
    ['V2', 'V2'],
  ])('%s reads as %s (never a doubled v)', (version, text) => {
    expect(formatVersion(version)).toBe(text);
  });
});

describe('formatTimeAgo', () => {
  const now = Date.parse('2024-05-10T12:00:00Z');
  it.each([
    ['2024-05-10T11:59:58Z', 'just now'],
    ['2024-05-10T11:59:18Z', '42s ago'],
    ['2024-05-10T11:55:00Z', '5m ago'],
    ['2024-05-10T09:00:00Z', '3h ago'],
    ['2024-05-06T12:00:00Z', '4d ago'],
    ['2024-05-10T12:05:00Z', 'in 5m'],
    ['2024-03-01T08:00:00Z', '2024-03-01'],
  ])('%s reads as %s', (iso, text) => {
    expect(formatTimeAgo(iso, now)).toBe(text);
  });

  it('shows a dash for an unparsable timestamp', () => {
    expect(formatTimeAgo('yesterday', now)).toBe('—');
  });
});

describe('formatTimestamp', () => {
  it('renders UTC regardless of the machine time zone', () => {
    expect(formatTimestamp('2024-05-01T14:34:56+02:00')).toBe('2024-05-01 12:34:56 UTC');
  });
  it('accepts numbers and dates and rejects garbage', () => {
    expect(toEpochMs(0)).toBe(0);
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(toEpochMs('nope')).toBeUndefined();
    expect(formatTimestamp('nope')).toBe('—');
  });
});
