import { describe, expect, it } from 'vitest';
import { executionDurationMs, formatAge, formatDuration, parseGoDuration } from './duration';

describe('parseGoDuration', () => {
  it.each([
    ['2m30s', 150_000],
    ['1h0m0.5s', 3_600_500],
    ['150ms', 150],
    ['1.5s', 1500],
    ['0s', 0],
    ['0', 0],
    ['-1s', -1000],
    ['3h', 10_800_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', 'abc', '5', '2m30', '1x', 's'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('executionDurationMs', () => {
  const start = '2025-01-01T00:00:00Z';
  it('prefers the controller duration', () => {
    expect(executionDurationMs({ durationMs: 5000, startTime: start, completionTime: '2025-01-01T00:01:00Z' }, 0)).toBe(5000);
  });
  it('falls back to completion minus start', () => {
    expect(executionDurationMs({ startTime: start, completionTime: '2025-01-01T00:01:00Z' }, 0)).toBe(60_000);
  });
  it('ticks while running', () => {
    expect(executionDurationMs({ startTime: start, phase: 'Running' }, Date.parse(start) + 42_000)).toBe(42_000);
  });
  it('is unknown before start, or when a non-running execution has no end', () => {
    expect(executionDurationMs({ phase: 'Pending' }, 1)).toBeUndefined();
    expect(executionDurationMs({ startTime: start, phase: 'Failed' }, Date.now())).toBeUndefined();
  });
});

describe('formatDuration / formatAge', () => {
  it('shows at most two units', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_000)).toBe('12s');
    expect(formatDuration(150_000)).toBe('2m 30s');
    expect(formatDuration(3_900_000)).toBe('1h 5m');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
    expect(formatDuration(undefined)).toBe('—');
  });
  it('says how long ago', () => {
    const now = Date.parse('2025-01-01T01:00:00Z');
    expect(formatAge('2025-01-01T00:59:55Z', now)).toBe('just now');
    expect(formatAge('2025-01-01T00:55:00Z', now)).toBe('5m ago');
    expect(formatAge('2024-12-30T01:00:00Z', now)).toBe('2d ago');
  });
});
