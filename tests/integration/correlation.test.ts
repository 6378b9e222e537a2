/**
 * Correlation timelines against the real stack: every event of one correlation through
 * Flightdeck's route (oldest first, paged from Data Storage, capped with a truncated flag),
 * the executions and RemediationRequest from the real kube-apiserver, exports, and the
 * hash-chain verification result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as correlationExport } from '@/app/api/v1/correlations/[id]/export/route';
import { GET as correlationRoute } from '@/app/api/v1/correlations/[id]/route';
import { GET as correlationEventRoute } from '@/app/api/v1/correlations/[id]/events/[eventId]/route';
import { GET as correlationVerify } from '@/app/api/v1/correlations/[id]/verify/route';
import { getCorrelation } from '@/lib/audit/service';
import { systemIdentity } from '@/lib/identity';
import type { AuditEventView, ChainVerification, CorrelationView } from '@/lib/schemas/audit';
import pg from 'pg';
import { bulkEvents, remediationStory, runId, selectionCompleted, workflowFor, writeEvents, writerConfig } from '@/tools/scenario/scenario';
import { arrangeAuditWorld, eventually, useStackEnv, type AuditWorld } from './audit-fixtures';
import { loadStackEnv } from './stack';

const BASE = 'http://flightdeck.test';
let world: AuditWorld;
let bulkId: string;
const BULK = 230;

function ctx(id: string) {
  return { params: Promise.resolve({ id }) };
}

async function correlation(id: string): Promise<{ res: Response; body: CorrelationView }> {
  const res = await correlationRoute(new Request(`${BASE}/api/v1/correlations/${encodeURIComponent(id)}`), ctx(id));
  return { res, body: (await res.json()) as CorrelationView };
}

beforeAll(async () => {
  useStackEnv();
  world = await arrangeAuditWorld();
  bulkId = `rr-bulk-${runId()}`;
  await writeEvents(bulkEvents({ correlationId: bulkId, namespace: world.namespace, count: BULK, spanMs: 30 * 60_000 }), writerConfig());
});

describe('GET /api/v1/correlations/{id}', () => {
  it('returns every event oldest first with the execution and RemediationRequest of the correlation', async () => {
    const written = world.written.get(world.failed)!;
    const { res, body } = await eventually(async () => {
      const r = await correlation(world.failed);
      return r.body.kubernetes?.available && r.body.kubernetes.executions.length ? r : undefined;
    }, 20_000, 'the executions cache to see the execution');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ correlationId: world.failed, total: written.length, truncated: false, cap: 10_000, malformed: 0 });
    expect(body.events.map((e) => e.type)).toEqual(written.map((e) => e.event_type));
    expect(body.events.map((e) => e.timestamp).map(Date.parse)).toEqual(written.map((e) => Date.parse(e.event_timestamp)));
    expect(new Set(body.events.map((e) => e.service))).toEqual(new Set(['gateway', 'orchestrator', 'signalprocessing', 'aianalysis', 'workflowexecution', 'notification']));
    if (!body.kubernetes.available) throw new Error('kubernetes should be available');
    expect(body.kubernetes.executions).toEqual([
      expect.objectContaining({ namespace: world.namespace, name: `we-${world.failed}`, phase: 'Failed', failureReason: 'TaskFailed', workflowId: 'restart-deployment' }),
    ]);
    expect(body.kubernetes.remediationRequest).toMatchObject({ namespace: world.namespace, name: world.failed, overallPhase: 'Failed', signalName: 'KubePodCrashLooping', targetResource: `${world.namespace}/Deployment/payments-api` });
  });

  it('serves a repeated view from its cache yet sees new events, even one written late with an older timestamp', async () => {
    const id = `rr-cache-${runId()}`;
    const story = remediationStory({ correlationId: id, namespace: world.namespace, outcome: 'completed', start: Date.now() - 10 * 60_000 });
    await writeEvents(story.events, writerConfig());
    const first = await correlation(id);
    const again = await correlation(id);
    expect(again.body.events.map((e) => e.id)).toEqual(first.body.events.map((e) => e.id));
    // A buffered writer delivers an event stamped before the newest one already stored.
    const [lateId] = await writeEvents([selectionCompleted(workflowFor(id, world.namespace), story.startedAt - 100)], writerConfig());
    const after = await correlation(id);
    expect(after.body.total).toBe(first.body.total + 1);
    expect(after.body.events.map((e) => e.id)).toContain(lateId);
    const times = after.body.events.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('keeps intact hash-chain links across the whole correlation, checked on the server', async () => {
    const { body } = await correlation(world.completed);
    expect(body.chainLinks).toMatchObject({ checked: body.events.length, linked: body.events.length, startsMidChain: false, breaks: [] });
    // The list carries summaries: payloads and hashes come with an event's detail.
    expect(body.events[0]).not.toHaveProperty('data');
    expect(body.events[0]).not.toHaveProperty('chain');
  });

  it('pages concurrently through a large correlation without losing or repeating events', async () => {
    const view = await getCorrelation(systemIdentity(), bulkId, { pageSize: 40 });
    expect(view.total).toBe(BULK);
    expect(view.truncated).toBe(false);
    expect(view.events).toHaveLength(BULK);
    expect(new Set(view.events.map((e) => e.id)).size).toBe(BULK);
    const times = view.events.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // No Kubernetes objects carry this id: the view says so without failing.
    expect(view.kubernetes).toMatchObject({ available: true, executions: [], remediationRequest: null });
  });

  it('keeps the newest events up to the cap and flags the truncation', async () => {
    const full = await getCorrelation(systemIdentity(), bulkId, { pageSize: 40 });
    const capped = await getCorrelation(systemIdentity(), bulkId, { cap: 100, pageSize: 40 });
    expect(capped).toMatchObject({ total: BULK, truncated: true, cap: 100 });
    expect(capped.events.map((e) => e.id)).toEqual(full.events.slice(-100).map((e) => e.id));
    expect(capped.chainLinks).toMatchObject({ checked: 100, startsMidChain: true, breaks: [] });
  });

  it('returns the event a link names in full beside the list, read fresh or served from the cache', async () => {
    const id = `rr-linked-${runId()}`;
    const story = remediationStory({ correlationId: id, namespace: world.namespace, outcome: 'failed', start: Date.now() - 10 * 60_000 });
    const ids = await writeEvents(story.events, writerConfig());
    const wanted = ids[ids.length - 2]!;
    const get = async (query: string) => {
      const res = await correlationRoute(new Request(`${BASE}/api/v1/correlations/${id}${query}`), ctx(id));
      return { res, body: (await res.json()) as CorrelationView & { param?: string } };
    };
    const cold = await get(`?event=${wanted}`);
    expect(cold.res.headers.get('server-timing')).toContain('desc="datastorage"');
    expect(cold.body.selected).toMatchObject({ id: wanted, data: expect.any(Object), chain: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const warm = await get(`?event=${wanted}`);
    expect(warm.res.headers.get('server-timing')).toContain('desc="cache"');
    expect(warm.body.selected).toEqual(cold.body.selected);
    expect((await get('?event=not-in-this-correlation')).body.selected).toBeNull();
    expect((await get('')).body).not.toHaveProperty('selected');
    const bad = await get('?event=a%20b');
    expect(bad.res.status).toBe(400);
    expect(bad.body.param).toBe('event');
    expect((await get('?zoom=2')).res.status).toBe(400);
  });

  it('answers 404 for a correlation nothing carries and 400 for an id that cannot be one', async () => {
    const missing = await correlation(`rr-never-${runId()}`);
    expect(missing.res.status).toBe(404);
    expect((missing.body as unknown as { code: string }).code).toBe('not_found:correlation');
    const bad = await correlationRoute(new Request(`${BASE}/api/v1/correlations/x`), ctx('a b'));
    expect(bad.status).toBe(400);
    const long = await correlationRoute(new Request(`${BASE}/api/v1/correlations/x`), ctx('a'.repeat(300)));
    expect(long.status).toBe(400);
  });
});

describe('GET /api/v1/correlations/{id}/events/{eventId}', () => {
  async function eventDetail(id: string, eventId: string, query: string) {
    const res = await correlationEventRoute(new Request(`${BASE}/api/v1/correlations/${encodeURIComponent(id)}/events/${encodeURIComponent(eventId)}${query}`), { params: Promise.resolve({ id, eventId }) });
    return { res, body: (await res.json()) as AuditEventView & { code?: string; param?: string } };
  }

  it('returns the selected event in full: decoded payload, hash-chain fields and legal hold', async () => {
    const { body: list } = await correlation(world.failed);
    const failed = list.events.find((e) => e.type === 'workflowexecution.workflow.failed')!;
    const { res, body } = await eventDetail(world.failed, failed.id, `?at=${encodeURIComponent(failed.timestamp)}`);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ id: failed.id, type: 'workflowexecution.workflow.failed', payload: { schema: 'WorkflowExecutionAuditPayload' }, legalHold: { held: false } });
    expect(body.data).toMatchObject({ failure_reason: 'TaskFailed', failed_task_name: expect.any(String) });
    expect(body.chain.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 for an event the correlation does not have at that time, and 400 naming a bad parameter', async () => {
    const { body: list } = await correlation(world.completed);
    const e = list.events[0]!;
    const elsewhere = await eventDetail(world.failed, e.id, `?at=${encodeURIComponent(e.timestamp)}`);
    expect(elsewhere.res.status).toBe(404);
    expect(elsewhere.body.code).toBe('not_found:event');
    for (const [query, param] of [
      ['', 'at'],
      ['?at=yesterday', 'at'],
      [`?at=${encodeURIComponent(e.timestamp)}&extra=1`, 'input'],
    ] as const) {
      const bad = await eventDetail(world.completed, e.id, query);
      expect(bad.res.status, query).toBe(400);
      expect(bad.body.param, query).toBe(param);
    }
    const badId = await eventDetail(world.completed, '../../admin', `?at=${encodeURIComponent(e.timestamp)}`);
    expect(badId.res.status).toBe(400);
    expect(badId.body.param).toBe('eventId');
  });
});

describe('GET /api/v1/correlations/{id}/export', () => {
  it('exports CSV with a header and one row per event, oldest first', async () => {
    const written = world.written.get(world.completed)!;
    const res = await correlationExport(new Request(`${BASE}/api/v1/correlations/${world.completed}/export?format=csv`), ctx(world.completed));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-${world.completed}.csv"`);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(written.length + 1);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['event_id', 'event_timestamp', 'event_type']);
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(written.map((e) => e.event_type));
  });

  it('exports JSON with the cap, total and truncation', async () => {
    const res = await correlationExport(new Request(`${BASE}/api/v1/correlations/${world.failed}/export?format=json`), ctx(world.failed));
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = (await res.json()) as { correlation_id: string; total: number; truncated: boolean; cap: number; events: { event_type: string; event_data: unknown }[] };
    expect(doc).toMatchObject({ correlation_id: world.failed, total: world.written.get(world.failed)!.length, truncated: false, cap: 10_000 });
    expect(doc.events.at(-1)!.event_type).toBe('notification.message.sent');
  });

  it('rejects an unknown format with a 400 naming it', async () => {
    const res = await correlationExport(new Request(`${BASE}/api/v1/correlations/${world.failed}/export?format=xlsx`), ctx(world.failed));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { param: string }).param).toBe('format');
  });
});

describe('GET /api/v1/correlations/{id}/verify', () => {
  async function verify(id: string): Promise<ChainVerification> {
    const res = await correlationVerify(new Request(`${BASE}/api/v1/correlations/${id}/verify`), ctx(id));
    expect(res.status).toBe(200);
    return (await res.json()) as ChainVerification;
  }

  it('has Data Storage recompute every hash through its signed export, with the read-only identity', async () => {
    const body = await verify(world.completed);
    const written = world.written.get(world.completed)!.length;
    expect(body).toMatchObject({ status: 'valid', source: 'export', totalEvents: written, verifiedEvents: written, tampered: [] });
    if (body.status === 'unavailable') throw new Error('unreachable');
    expect(body.signature?.algorithm).toBe('SHA256withRSA');
  });

  it('names the event whose stored row was changed behind Data Storage’s back', async () => {
    const id = `rr-tamper-${runId()}`;
    const story = remediationStory({ correlationId: id, namespace: world.namespace, outcome: 'failed', start: Date.now() - 10 * 60_000 });
    const ids = await writeEvents(story.events, writerConfig());
    expect((await verify(id)).status).toBe('valid');
    // An insider edits one stored payload directly in PostgreSQL.
    const victim = ids[Math.floor(ids.length / 2)]!;
    const db = new pg.Client({ connectionString: loadStackEnv().STACK_DATASTORAGE_DATABASE_URL });
    await db.connect();
    try {
      const updated = await db.query(`UPDATE audit_events SET event_data = event_data || '{"tampered": true}'::jsonb WHERE event_id = $1`, [victim]);
      expect(updated.rowCount).toBe(1);
    } finally {
      await db.end();
    }
    const body = await verify(id);
    expect(body.status).toBe('invalid');
    if (body.status === 'unavailable') throw new Error('unreachable');
    expect(body.tampered.map((t) => t.eventId)).toContain(victim);
  });
});
