import { describe, expect, it, vi } from 'vitest';
import { arrivedWhileClosing, lifecyclePhase, onShutdown, shutdown } from './lifecycle';

describe('shutdown', () => {
  it('turns unready first, then closes live streams with the retry delay, then exits 0', async () => {
    vi.useFakeTimers();
    try {
      const closed: number[] = [];
      const phaseWhenClosed: string[] = [];
      onShutdown((retryMs) => {
        closed.push(retryMs);
        phaseWhenClosed.push(lifecyclePhase());
      });
      const unregistered = vi.fn();
      const off = onShutdown(unregistered);
      off();
      const exit = vi.fn();
      const done = shutdown({ delayMs: 1000, timeoutMs: 5000, retryMs: 750, exit });
      expect(lifecyclePhase()).toBe('draining');
      await vi.advanceTimersByTimeAsync(999);
      expect(closed).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      await done;
      expect(closed).toEqual([750]);
      expect(phaseWhenClosed).toEqual(['closing']);
      expect(unregistered).not.toHaveBeenCalled();
      expect(exit).toHaveBeenCalledWith(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses only requests that arrived after the listeners closed', () => {
    expect(arrivedWhileClosing(new Request('http://x/', { headers: { 'x-flightdeck-arrival': 'closing' } }))).toBe(true);
    expect(arrivedWhileClosing(new Request('http://x/', { headers: { 'x-flightdeck-arrival': 'draining' } }))).toBe(false);
    expect(arrivedWhileClosing(new Request('http://x/'))).toBe(false);
  });
});
