/**
 * The in-process event bus behind the live stream. Every published event gets a
 * process-wide, monotonically increasing sequence number; a bounded ring buffer keeps
 * the most recent ones so a reconnecting browser (Last-Event-ID) gets what it missed,
 * or learns that it must refetch when its position has already been dropped.
 *
 * Features publish their own topics (typed in lib/live/topics.ts) and the stream
 * forwards them to tabs that subscribed to that topic.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { processSingleton } from '../singleton';
import type { TopicData } from './topics';

export interface BusEvent<T = unknown> {
  seq: number;
  topic: string;
  data: T;
  /** Publication time (ms), for latency measurements. */
  at: number;
}

export type BusListener = (event: BusEvent) => void;

export class LiveBus {
  /** Identifies this process's sequence: ids from another epoch cannot be resumed. */
  readonly epoch = randomBytes(4).toString('hex');
  private seqValue = 0;
  private readonly ring: (BusEvent | undefined)[];
  private readonly listeners = new Map<string, Set<BusListener>>();

  constructor(readonly capacity = 10_000) {
    this.ring = new Array<BusEvent | undefined>(capacity);
  }

  /** The sequence number of the newest event (0 before any). */
  get seq(): number {
    return this.seqValue;
  }

  /** The oldest sequence number still in the replay buffer. */
  get oldestSeq(): number {
    return Math.max(1, this.seqValue - this.capacity + 1);
  }

  /** Publishes an event to a topic; returns its sequence number. Listener errors are isolated. */
  publish<K extends string>(topic: K, data: TopicData<K>): number {
    const event: BusEvent<TopicData<K>> = { seq: ++this.seqValue, topic, data, at: Date.now() };
    this.ring[event.seq % this.capacity] = event;
    const set = this.listeners.get(topic);
    if (set) {
      for (const listener of [...set]) {
        try {
          listener(event);
        } catch {
          // One broken stream must not stop the others; the stream logs its own failures.
        }
      }
    }
    return event.seq;
  }

  /** Listens to a topic; returns the function that removes the listener. */
  subscribe<K extends string>(topic: K, listener: (event: BusEvent<TopicData<K>>) => void): () => void {
    // Only events of `topic` reach the listener, so its payload has that topic's type.
    const untyped = listener as BusListener;
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(untyped);
    return () => {
      const current = this.listeners.get(topic);
      if (!current) return;
      current.delete(untyped);
      if (current.size === 0) this.listeners.delete(topic);
    };
  }

  /** How many listeners are attached (tests check that closed streams release theirs). */
  listenerCount(topic?: string): number {
    if (topic) return this.listeners.get(topic)?.size ?? 0;
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /**
   * Events of the given topics after `seq`, oldest first; 'too-old' when some of them
   * have already left the buffer.
   */
  since(seq: number, topics: ReadonlySet<string>): BusEvent[] | 'too-old' {
    if (seq >= this.seqValue) return [];
    if (seq + 1 < this.oldestSeq) return 'too-old';
    const out: BusEvent[] = [];
    for (let s = seq + 1; s <= this.seqValue; s++) {
      const event = this.ring[s % this.capacity];
      if (event && event.seq === s && topics.has(event.topic)) out.push(event);
    }
    return out;
  }
}

/** The process's bus (one per process, see lib/singleton.ts). */
export function liveBus(): LiveBus {
  return processSingleton('liveBus', () => new LiveBus());
}

/** Publishes to the process bus. */
export function publish<K extends string>(topic: K, data: TopicData<K>): number {
  return liveBus().publish(topic, data);
}

/** Subscribes to the process bus; returns the unsubscribe function. */
export function subscribe<K extends string>(topic: K, listener: (event: BusEvent<TopicData<K>>) => void): () => void {
  return liveBus().subscribe(topic, listener);
}
