import { describe, expect, it } from 'vitest';
import { EXECUTIONS_TOPIC, type ExecutionChange } from '../executions/changes';
import { cached } from '../executions/test-fixtures';
import { LiveBus } from './bus';
import { createLiveStream, encodeSse, parseEventId } from './sse';
import { parseSubscriptions, resolveSubscription } from './subscriptions';

describe('encodeSse', () => {
  it('writes JSON data on one line so a newline in a value cannot inject a field', () => {
    const text = encodeSse({ id: 'e.1', data: { message: 'line1\nid: 999\ndata: evil' } });
    expect(text).toBe('id: e.1\ndata: {"message":"line1\\nid: 999\\ndata: evil"}\n\n');
    expect(text.split('\n').filter((l) => l.startsWith('data:'))).toHaveLength(1);
  });
  it('writes comments, retry and named events', () => {
    expect(encodeSse({ comment: 'ping' })).toBe(': ping\n\n');
    expect(encodeSse({ retry: 2000, event: 'hello', data: 1 })).toBe('retry: 2000\nevent: hello\ndata: 1\n\n');
  });
});

describe('parseEventId', () => {
  it('reads epoch.seq and rejects anything else', () => {
    expect(parseEventId('ab12.42')).toEqual({ epoch: 'ab12', seq: 42 });
    expect(parseEventId('42')).toBeNull();
    expect(parseEventId('zz.1')).toBeNull();
    expect(parseEventId(null)).toBeNull();
  });
});

describe('parseSubscriptions', () => {
  it('reads the flat form with the list filters', () => {
    const [sub] = parseSubscriptions('http://x/api/v1/stream?topic=executions&phase=Failed&namespace=a,b');
    expect(sub).toEqual({ topic: 'executions', filter: { phase: ['Failed'], namespace: ['a', 'b'] } });
  });
  it('reads several JSON subscriptions', () => {
    const subs = parseSubscriptions(
      `http://x/?sub=${encodeURIComponent(JSON.stringify({ topic: 'execution', namespace: 'a', name: 'we-1' }))}&sub=${encodeURIComponent(JSON.stringify({ topic: 'readiness' }))}`,
    );
    expect(subs.map((s) => s.topic)).toEqual(['execution', 'readiness']);
  });
  it.each([
    ['http://x/?topic=executions&phase=Nope', 'phase'],
    ['http://x/?topic=executions&bogus=1', 'bogus'],
    ['http://x/?topic=execution&namespace=a', 'name'],
    ['http://x/', 'sub'],
    ['http://x/?sub=notjson', 'sub'],
  ])('rejects %s naming %s', (url, param) => {
    try {
      parseSubscriptions(url);
      expect.unreachable();
    } catch (err) {
      expect((err as { extensions: { param: string } }).extensions.param).toBe(param);
    }
  });
});

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, predicate: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!predicate(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

describe('createLiveStream', () => {
  const change = (phase: string, namespace = 'a'): ExecutionChange => {
    const after = cached({ uid: 'u1', name: 'we-1', namespace, status: { phase } });
    return { kind: 'upsert', after, summary: after.summary };
  };

  it('sends hello, then only the matching events, and releases its listener on abort', async () => {
    const bus = new LiveBus();
    const abort = new AbortController();
    const subs = parseSubscriptions('http://x/?topic=executions&namespace=a').map(resolveSubscription);
    const reader = createLiveStream({ bus, subscriptions: subs, signal: abort.signal }).getReader();
    const hello = await readUntil(reader, (t) => t.includes('event: hello'));
    expect(hello).toContain(`id: ${bus.epoch}.0`);
    expect(bus.listenerCount(EXECUTIONS_TOPIC)).toBe(1);
    bus.publish(EXECUTIONS_TOPIC, change('Running', 'other'));
    bus.publish(EXECUTIONS_TOPIC, change('Running'));
    const text = await readUntil(reader, (t) => t.includes(`id: ${bus.epoch}.2`));
    expect(text).not.toContain(`id: ${bus.epoch}.1\n`);
    expect(text).toContain('"type":"upsert"');
    abort.abort();
    expect(bus.listenerCount()).toBe(0);
    expect((await reader.read()).done).toBe(true);
  });

  it('replays events after Last-Event-ID, and resets when the id is from another epoch or too old', async () => {
    const bus = new LiveBus(3);
    const subs = parseSubscriptions('http://x/?topic=executions').map(resolveSubscription);
    bus.publish(EXECUTIONS_TOPIC, change('Pending'));
    bus.publish(EXECUTIONS_TOPIC, change('Running'));
    const resumed = createLiveStream({ bus, subscriptions: subs, signal: new AbortController().signal, resumeFrom: `${bus.epoch}.1` }).getReader();
    const replay = await readUntil(resumed, (t) => t.includes('event: hello'));
    expect(replay).toContain(`id: ${bus.epoch}.2`);
    expect(replay).not.toContain(`id: ${bus.epoch}.1\n`);
    for (let i = 0; i < 5; i++) bus.publish(EXECUTIONS_TOPIC, change('Running'));
    const old = createLiveStream({ bus, subscriptions: subs, signal: new AbortController().signal, resumeFrom: `${bus.epoch}.1` }).getReader();
    expect(await readUntil(old, (t) => t.includes('event: hello'))).toContain('"type":"reset"');
    const foreign = createLiveStream({ bus, subscriptions: subs, signal: new AbortController().signal, resumeFrom: 'ffff.3' }).getReader();
    expect(await readUntil(foreign, (t) => t.includes('event: hello'))).toContain('The server restarted');
  });

  it('sends heartbeat events', async () => {
    const bus = new LiveBus();
    const abort = new AbortController();
    const reader = createLiveStream({ bus, subscriptions: [resolveSubscription({ topic: 'readiness' })], signal: abort.signal, heartbeatMs: 20 }).getReader();
    expect(await readUntil(reader, (t) => t.includes('event: ping'))).toContain('event: ping\ndata: "ping"\n\n');
    bus.publish('readiness', { service: 'x' });
    expect(await readUntil(reader, (t) => t.includes('"type":"message"'))).toContain('"data":{"service":"x"}');
    abort.abort();
  });
});
