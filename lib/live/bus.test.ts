import { describe, expect, it } from 'vitest';
import { LiveBus } from './bus';

describe('LiveBus', () => {
  it('numbers events monotonically and delivers them to topic listeners only', () => {
    const bus = new LiveBus(10);
    const got: number[] = [];
    const off = bus.subscribe('a', (e) => got.push(e.seq));
    bus.publish('a', 1);
    bus.publish('b', 2);
    bus.publish('a', 3);
    off();
    bus.publish('a', 4);
    expect(got).toEqual([1, 3]);
    expect(bus.seq).toBe(4);
    expect(bus.listenerCount()).toBe(0);
  });

  it('replays what was missed and says when it is too old', () => {
    const bus = new LiveBus(5);
    for (let i = 1; i <= 8; i++) bus.publish(i % 2 ? 'a' : 'b', i);
    expect(bus.since(6, new Set(['a', 'b'])).toString()).toBe([7, 8].map(() => '[object Object]').toString());
    expect((bus.since(5, new Set(['a'])) as { seq: number }[]).map((e) => e.seq)).toEqual([7]);
    expect(bus.since(8, new Set(['a']))).toEqual([]);
    expect(bus.since(2, new Set(['a']))).toBe('too-old');
    expect(bus.since(3, new Set(['a']))).not.toBe('too-old');
  });

  it('keeps delivering when one listener throws', () => {
    const bus = new LiveBus();
    const got: number[] = [];
    bus.subscribe('a', () => {
      throw new Error('broken');
    });
    bus.subscribe('a', (e) => got.push(e.seq));
    bus.publish('a', null);
    expect(got).toEqual([1]);
  });
});
