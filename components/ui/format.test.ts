import { describe, expect, it } from 'vitest';
import { formatDuration, formatTimeAgo, formatTimestamp, parseGoDuration, toEpochMs } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [4_250, '4.2s'],
    [42_900, '42s'],
    [150_000, '2m 30s'],
    [120_000, '2m'],
    [3_900_000, '1h 5m'],
    [273_600_000, '3d 4h'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows a dash for unknown or negative durations', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['2m30s', 150_000],
    ['1h0m0.5s', 3_600_500],
    ['350ms', 350],
    ['1.5h', 5_400_000],
    ['-1s', -1_000],
    ['0', 0],
    ['1500us', 1.5],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', '2 minutes', '5', 'm', '1x', undefined])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
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
