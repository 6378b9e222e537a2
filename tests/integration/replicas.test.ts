/**
 * More than one replica on the local stack: two standalone servers share PostgreSQL and
 * watch the same API server.
 *
 *  - Retention runs on one replica at a time (a transaction-scoped advisory lock).
 *  - A live stream survives the replica serving it: a client behind a round-robin proxy
 *    keeps following 200 status patches while that replica is killed; it reconnects with
 *    Last-Event-ID to the other replica, which replays or tells it to resync (never a
 *    silent gap), and ends with every final state.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db';
import { applyRetention, RETENTION_LOCK_KEY } from '@/lib/readiness/service';
import type { ExecutionListResponse } from '@/lib/schemas/executions';
import type { LiveEvent } from '@/lib/schemas/live';
import { Arranger, eventually } from './executions-fixtures';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import { isolatedDatabase, standaloneMissing, startStandalone, type StandaloneServer } from './standalone';

const RUN = randomBytes(3).toString('hex');
const NS = `fd-replicas-${RUN}`;
const COUNT = 200;
const INGEST_TOKEN = `replicas-ingest-token-${RUN}`;
const missing = standaloneMissing();
const skipReason = missing ? ` (skipped: ${missing})` : '';
const admin = new Arranger();
let database: Awaited<ReturnType<typeof isolatedDatabase>>;

beforeAll(async () => {
  database = await isolatedDatabase(`replicas_${RUN}`);
});
afterAll(async () => {
  await database.drop();
});

describe('retention on more than one replica', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ databaseUrl: database.url, dataDir: '/nonexistent' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('skips a round while another replica holds the retention lock, and runs once it is free', async () => {
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [RETENTION_LOCK_KEY]);
      expect(await applyRetention(db)).toBeNull();
      await other.query('COMMIT');
      expect(await applyRetention(db)).toBe(0);
    } finally {
      await other.end();
    }
  });
});

/** An EventSource-like client: applies upserts, resyncs from the list on reset, reconnects with Last-Event-ID. */
class FollowingClient {
  readonly phases = new Map<string, string>();
  resets = 0;
  reconnects = 0;
  private lastId: string | undefined;
  private retryMs = 1000;
  private stopped = false;
  private abort = new AbortController();

  constructor(private readonly base: string) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async resync(): Promise<void> {
    const res = await fetch(`${this.base}/api/v1/executions?namespace=${NS}&limit=500`);
    if (!res.ok) throw new Error(`list answered ${res.status}`);
    const list = (await res.json()) as ExecutionListResponse;
    this.phases.clear();
    for (const item of list.items) this.phases.set(item.name, item.phase);
  }

  private async loop(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      try {
        if (first) await this.resync();
        const res = await fetch(`${this.base}/api/v1/stream?topic=executions&namespace=${NS}`, {
          signal: this.abort.signal,
          headers: this.lastId ? { 'last-event-id': this.lastId } : {},
        });
        if (!first) this.reconnects += 1;
        first = false;
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value);
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            await this.handle(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // The connection broke (the replica died): reconnect like EventSource.
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, this.retryMs));
    }
  }

  private async handle(block: string): Promise<void> {
    let event = 'message';
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) this.lastId = line.slice(4);
      else if (line.startsWith('retry: ')) this.retryMs = Number(line.slice(7));
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (event !== 'message' || data === undefined) return;
    const e = JSON.parse(data) as LiveEvent;
    if (e.type === 'upsert') this.phases.set(e.item.name, e.item.phase);
    else if (e.type === 'reset') {
      this.resets += 1;
      await this.resync();
    }
  }
}

describe.skipIf(missing !== null)(`a live stream behind two replicas${skipReason}`, () => {
  const servers: StandaloneServer[] = [];
  let proxy: RoundRobinProxy | undefined;
  let client: FollowingClient | undefined;

  beforeAll(async () => {
    await admin.namespace(NS);
    for (let i = 0; i < COUNT; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, COUNT - i) }, (_, j) => admin.wfe(NS, `we-${String(i + j).padStart(3, '0')}`, { workflowId: 'restart-deployment', target: `${NS}/Deployment/api`, rr: `rr-${i + j}` })));
    }
    const env = { DATABASE_URL: database.url, WATCH_NAMESPACES: NS, LOG_LEVEL: 'warn', READINESS_INGEST_TOKEN: INGEST_TOKEN };
    servers.push(await startStandalone({ env }), await startStandalone({ env }));
    for (const s of servers) {
      await eventually(async () => {
        const list = (await (await fetch(`${s.url}/api/v1/executions?namespace=${NS}&limit=1`)).json()) as ExecutionListResponse;
        return list.total === COUNT;
      }, 30_000, `replica ${s.port} to cache ${COUNT} executions`);
    }
    proxy = await startRoundRobinProxy(servers.map((s) => s.port));
  }, 180_000);

  afterAll(async () => {
    client?.stop();
    await proxy?.close();
    for (const s of servers) await s.stop();
    await admin.core.deleteNamespace({ name: NS }).catch(() => undefined);
  });

  it('tells a tab on one replica about a report uploaded to the other', async () => {
    const [a, b] = servers as [StandaloneServer, StandaloneServer];
    const abort = new AbortController();
    const stream = await fetch(`${b.url}/api/v1/stream?topic=readiness.run`, { signal: abort.signal });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const got = (async () => {
      while (!text.includes(`"service":"replicas-${RUN}"`)) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const upload = await fetch(`${a.url}/api/v1/readiness/reports?service=replicas-${RUN}&tier=unit&runId=r1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><testsuite name="s" tests="1"><testcase classname="c" name="t" time="0.1"/></testsuite>',
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    await Promise.race([got, new Promise((_, reject) => setTimeout(() => reject(new Error(`no readiness.run event on the other replica; got: ${text.slice(-300)}`)), 5_000))]);
    abort.abort();
    expect(text).toContain(`"service":"replicas-${RUN}"`);
  });

  it(`ends with all ${COUNT} final states after the serving replica is killed mid-way`, async () => {
    const p = proxy as RoundRobinProxy;
    client = new FollowingClient(p.url);
    client.start();
    await eventually(() => client?.phases.size === COUNT, 15_000, 'the first list');
    // The stream request is the one the proxy served after the list.
    await eventually(() => p.served.length >= 2, 5_000, 'the stream');
    const servingPort = p.served[1] as number;
    const serving = servers.find((s) => s.port === servingPort) as StandaloneServer;

    const finalPhase = (i: number) => (i % 3 === 0 ? 'Failed' : 'Completed');
    const started = Date.now();
    for (let i = 0; i < COUNT; i++) {
      // 50 patches per second.
      const due = started + i * 20;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (i === 60) serving.child.kill('SIGKILL');
      const now = new Date().toISOString();
      await admin.status(NS, `we-${String(i).padStart(3, '0')}`, { phase: finalPhase(i), startTime: now, completionTime: now });
    }

    const want = new Map(Array.from({ length: COUNT }, (_, i) => [`we-${String(i).padStart(3, '0')}`, finalPhase(i)]));
    await eventually(() => [...want].every(([name, phase]) => client?.phases.get(name) === phase), 30_000, 'every final state at the client');
    expect(client.reconnects).toBeGreaterThanOrEqual(1);
    // The other replica cannot replay the dead one's positions: it said so (reset) and the client resynced.
    expect(client.resets).toBeGreaterThanOrEqual(1);
    expect(await serving.exited).toMatchObject({ signal: 'SIGKILL' });
  }, 120_000);
});
