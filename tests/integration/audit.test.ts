/**
 * The audit explorer and the audit side of executions against the real local stack:
 * events written through Data Storage's batch API with the writer token, read back
 * through Flightdeck's route handlers with Flightdeck's read-only token; executions
 * created in the real kube-apiserver. Data Storage is stopped for real mid-test.
 *
 * The executions and their events here are hand-written on purpose: the tests need what
 * Kubernaut's controller does not produce on demand (a controller repeating
 * selection.completed, a workflow.failed that never arrives, a failure seconds inside the
 * grace period, an event type from a newer Kubernaut, trails from 20 minutes ago). A real
 * execution's lifecycle, conformance, write lag and failure payload are tested on the real
 * controller in controller.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as conformanceRoute } from '@/app/api/v1/audit/conformance/route';
import { GET as auditEvents } from '@/app/api/v1/audit/events/route';
import { GET as executionAudit } from '@/app/api/v1/executions/[namespace]/[name]/audit/route';
import { GET as executionDetail } from '@/app/api/v1/executions/[namespace]/[name]/route';
import { GET as executionsList } from '@/app/api/v1/executions/route';
import pg from 'pg';
import { getCorrelation, getExecutionAudit } from '@/lib/audit/service';
import { resetEnvForTests } from '@/lib/env';
import { WFE_EVENT } from '@/lib/audit/conformance';
import { systemIdentity } from '@/lib/identity';
import type { AuditPage, ConformanceBatch, ExecutionAuditView } from '@/lib/schemas/audit';
import type { ExecutionListResponse } from '@/lib/schemas/executions';
import { runId } from '@/tools/scenario/scenario';
import { stackCliArgs } from '@/tools/stack/cli-args';
import { arrangeAuditWorld, eventually, useStackEnv, type AuditWorld } from './audit-fixtures';
import { loadStackEnv } from './stack';

const BASE = 'http://flightdeck.test';
let world: AuditWorld;

async function search(query: string): Promise<{ res: Response; body: AuditPage }> {
  const res = await auditEvents(new Request(`${BASE}/api/v1/audit/events?${query}`), { params: Promise.resolve({}) });
  return { res, body: (await res.json()) as AuditPage };
}

async function auditOf(correlationId: string): Promise<{ res: Response; body: ExecutionAuditView }> {
  const params = Promise.resolve({ namespace: world.namespace, name: `we-${correlationId}` });
  const res = await executionAudit(new Request(`${BASE}/api/v1/executions/${world.namespace}/we-${correlationId}/audit`), { params });
  return { res, body: (await res.json()) as ExecutionAuditView };
}

function stack(command: string): void {
  const r = spawnSync(process.execPath, stackCliArgs(command), { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`stack ${command} failed (exit ${r.status})`);
}

beforeAll(async () => {
  useStackEnv();
  world = await arrangeAuditWorld();
  // The executions cache sees new objects through its watch: wait until it has them all.
  await eventually(async () => {
    const { res } = await auditOf(world.failedRecent);
    return res.status === 200;
  }, 20_000, 'the executions cache to see the new WorkflowExecutions');
});

describe('GET /api/v1/audit/events', () => {
  it('returns a correlation newest first with the total Data Storage reports', async () => {
    const written = world.written.get(world.completed)!;
    const { res, body } = await search(`correlationId=${world.completed}&limit=100`);
    expect(res.status).toBe(200);
    expect(body.page.total).toBe(written.length);
    expect(body.items).toHaveLength(written.length);
    const times = body.items.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(body.items.map((e) => e.type))).toEqual(new Set(written.map((e) => e.event_type)));
    expect(body.malformed).toBe(0);
  });

  it('pages with limit and offset without gaps or overlaps', async () => {
    const total = world.written.get(world.completed)!.length;
    const all = (await search(`correlationId=${world.completed}&limit=100`)).body.items.map((e) => e.id);
    const first = await search(`correlationId=${world.completed}&limit=5&offset=0`);
    const second = await search(`correlationId=${world.completed}&limit=5&offset=5`);
    const last = await search(`correlationId=${world.completed}&limit=5&offset=${total - 2}`);
    expect(first.body.page).toEqual({ limit: 5, offset: 0, total, hasMore: true });
    expect([...first.body.items, ...second.body.items].map((e) => e.id)).toEqual(all.slice(0, 10));
    expect(last.body.items.map((e) => e.id)).toEqual(all.slice(total - 2));
    expect(last.body.page.hasMore).toBe(false);
  });

  it('filters by type, outcome, category and a payload field the way Data Storage does', async () => {
    const failed = await search(`correlationId=${world.failed}&type=${WFE_EVENT.failed}`);
    expect(failed.body.items.map((e) => e.type)).toEqual([WFE_EVENT.failed]);
    const failures = await search(`correlationId=${world.failed}&outcome=failure`);
    expect(failures.body.items.map((e) => e.type).sort()).toEqual(['orchestrator.lifecycle.failed', WFE_EVENT.failed]);
    const wfe = await search(`correlationId=${world.duplicates}&category=workflowexecution`);
    expect(wfe.body.page.total).toBe(17);
    const detail = await search(`detailKey=failed_task_name&detailValue=rollout-restart&correlationId=${world.failed}`);
    expect(detail.body.items.map((e) => e.type)).toEqual([WFE_EVENT.failed]);
    const none = await search(`correlationId=${world.failed}&since=1m`);
    expect(none.body.items).toEqual([]);
  });

  it('decodes known payloads with their schema and renders an unknown future type generically', async () => {
    const { body } = await search(`correlationId=${world.completed}&limit=100`);
    const wf = body.items.find((e) => e.type === WFE_EVENT.completed)!;
    expect(wf.payload).toEqual({ schema: 'WorkflowExecutionAuditPayload', issues: [] });
    expect(wf.service).toBe('workflowexecution');
    expect(wf.chain.hash).toMatch(/^[0-9a-f]{64}$/);
    const future = body.items.find((e) => e.type === 'remediationplanner.plan.proposed')!;
    expect(future.payload).toEqual({ schema: 'generic', issues: [] });
    expect(future.service).toBe('remediationplanner');
    expect(future.data.message).toBe('plan v2 with 3 steps');
    const gateway = body.items.find((e) => e.type === 'gateway.signal.received')!;
    expect(gateway.payload?.schema).toBe('GatewayAuditPayload');
  });

  it('shows a newer Kubernaut’s event of an unknown category, type and payload shape, in search and on the timeline', async () => {
    // Data Storage v1.5.7's write API rejects payloads it has no schema for, but a newer
    // Kubernaut writing to the same database (a rolling upgrade) stores them: such a row
    // is inserted directly, the way that newer writer would leave it.
    const id = `rr-newer-${runId()}`;
    const db = new pg.Client({ connectionString: loadStackEnv().STACK_DATASTORAGE_DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO audit_events (event_type, event_category, event_action, event_outcome, actor_type, actor_id, resource_type, resource_id, correlation_id, namespace, event_data, event_date)
         VALUES ('remediationplanner.plan.drafted', 'remediationplanner', 'drafted', 'success', 'service', 'remediation-planner', 'RemediationPlan', 'plan-7', $1, $2, $3, CURRENT_DATE)`,
        [id, world.namespace, JSON.stringify({ event_type: 'remediationplanner.plan.drafted', plan_steps: [{ kind: 'scale', replicas: 3 }], confidence: 0.92 })],
      );
    } finally {
      await db.end();
    }
    const { res, body } = await search(`correlationId=${id}&category=remediationplanner`);
    expect(res.status).toBe(200);
    expect(body.malformed).toBe(0);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ type: 'remediationplanner.plan.drafted', service: 'remediationplanner', category: 'remediationplanner', payload: { schema: 'generic', issues: [] } });
    expect(body.items[0]!.data).toMatchObject({ plan_steps: [{ kind: 'scale', replicas: 3 }], confidence: 0.92 });
    const view = await getCorrelation(systemIdentity(), id);
    expect(view.events.map((e) => e.service)).toEqual(['remediationplanner']);
  });

  it('answers 400 naming the field for invalid filters, without calling Data Storage', async () => {
    for (const [query, param] of [
      ['outcome=maybe', 'outcome'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['since=last-tuesday', 'since'],
      ['detailKey=bad-key&detailValue=x', 'detailKey'],
      ['detailKey=phase', 'detailValue'],
      ['type=%3Cscript%3E', 'type'],
    ] as const) {
      const res = await auditEvents(new Request(`${BASE}/api/v1/audit/events?${query}`), { params: Promise.resolve({}) });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { param: string; code: string };
      expect(problem.param, query).toBe(param);
      expect(problem.code).toBe(`bad_request:${param}`);
    }
  });
});

describe('GET /api/v1/executions/{namespace}/{name}/audit', () => {
  it('flags the controller that emitted selection.completed 16 times', async () => {
    const { body } = await auditOf(world.duplicates);
    expect(body.execution.phase).toBe('Running');
    expect(body.conformance.status).toBe('issues');
    expect(body.conformance.expectations.find((x) => x.type === WFE_EVENT.selection)).toMatchObject({ state: 'duplicate', count: 16 });
    expect(body.conformance.problems).toContain(`${WFE_EVENT.selection} emitted 16 times (expected once)`);
  });

  it('reports a long-missing workflow.failed as missing', async () => {
    const { body } = await auditOf(world.failedSilent);
    expect(body.conformance.status).toBe('issues');
    expect(body.conformance.expectations.find((x) => x.type === WFE_EVENT.failed)!.state).toBe('missing');
    expect(body.failure?.event).toBeNull();
    expect(body.failure?.disagreements).toContain('No workflowexecution.workflow.failed event was found for this execution.');
  });

  it('keeps a just-failed execution pending within the grace period, missing after it', async () => {
    const identity = systemIdentity();
    const within = await getExecutionAudit(identity, world.namespace, `we-${world.failedRecent}`, world.recentEndedAt + 20_000, 60_000);
    expect(within.conformance.status).toBe('pending');
    expect(within.conformance.expectations.find((x) => x.type === WFE_EVENT.failed)!.state).toBe('pending');
    const after = await getExecutionAudit(identity, world.namespace, `we-${world.failedRecent}`, world.recentEndedAt + 61_000, 60_000);
    expect(after.conformance.status).toBe('issues');
  });

  it('takes the grace period from AUDIT_GRACE_SECONDS', async () => {
    const at = world.recentEndedAt + 20_000;
    process.env.AUDIT_GRACE_SECONDS = '10';
    resetEnvForTests();
    try {
      const short = await getExecutionAudit(systemIdentity(), world.namespace, `we-${world.failedRecent}`, at);
      expect(short.conformance).toMatchObject({ status: 'issues', graceMs: 10_000 });
    } finally {
      delete process.env.AUDIT_GRACE_SECONDS;
      resetEnvForTests();
    }
    expect((await getExecutionAudit(systemIdentity(), world.namespace, `we-${world.failedRecent}`, at)).conformance).toMatchObject({ status: 'pending', graceMs: 60_000 });
  });

  it('answers 404 for an execution that does not exist and 400 for a bad name', async () => {
    const missing = await executionAudit(new Request(`${BASE}/x`), { params: Promise.resolve({ namespace: world.namespace, name: 'we-nope' }) });
    expect(missing.status).toBe(404);
    const bad = await executionAudit(new Request(`${BASE}/x`), { params: Promise.resolve({ namespace: world.namespace, name: 'Bad_Name' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { param: string }).param).toBe('name');
  });
});

describe('conformance of list rows', () => {
  it('answers the executions list column for many rows in one call', async () => {
    const keys = [world.failedRecent, world.completed, world.duplicates, world.failed, world.failedSilent].map((c) => `${world.namespace}/we-${c}`);
    const params = new URLSearchParams([...keys, `${world.namespace}/we-nope`].map((k) => ['execution', k]));
    const res = await conformanceRoute(new Request(`${BASE}/api/v1/audit/conformance?${params}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ConformanceBatch;
    const status = (c: string) => body.items[`${world.namespace}/we-${c}`]!;
    // The recent failure ended about a second before the setup finished: inside the 60 s grace.
    expect(status(world.failedRecent).status).toBe('pending');
    expect(status(world.completed).status).toBe('ok');
    expect(status(world.duplicates)).toMatchObject({ status: 'issues', duplicates: 1 });
    expect(status(world.failed).status).toBe('ok');
    expect(status(world.failedSilent)).toMatchObject({ status: 'issues', missing: 1 });
    expect(body.items[`${world.namespace}/we-nope`]!.status).toBe('unknown');
    expect(body.unavailable).toBeUndefined();
  });

  it('filters the executions list by conformance and pages the result', async () => {
    const list = async (query: string) => {
      const res = await executionsList(new Request(`${BASE}/api/v1/executions?${query}`), { params: Promise.resolve({}) });
      expect(res.status).toBe(200);
      return (await res.json()) as ExecutionListResponse;
    };
    const first = await list(`namespace=${world.namespace}&audit=issues&limit=1&sort=name&order=asc`);
    expect(first.total).toBe(2);
    expect(first.items.map((i) => i.name)).toEqual([`we-${world.duplicates}`]);
    const second = await list(`namespace=${world.namespace}&audit=issues&limit=1&sort=name&order=asc&cursor=${first.nextCursor}`);
    expect(second.items.map((i) => i.name)).toEqual([`we-${world.failedSilent}`]);
    expect(second.nextCursor).toBeNull();
    expect(first.counts).toMatchObject({ Running: 1, Failed: 1, Completed: 0 });
    const complete = await list(`namespace=${world.namespace}&audit=ok&sort=name&order=asc`);
    expect(complete.items.map((i) => i.name)).toEqual([`we-${world.failed}`, `we-${world.completed}`]);
    const bad = await executionsList(new Request(`${BASE}/api/v1/executions?audit=great`), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { param: string }).param).toBe('audit');
  });

  it('rejects a malformed execution reference with a 400 naming the parameter', async () => {
    const res = await conformanceRoute(new Request(`${BASE}/api/v1/audit/conformance?execution=../etc`), { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { param: string }).param).toBe('execution');
  });
});

describe('Data Storage outage', () => {
  afterAll(() => stack('start-datastorage'));

  it('answers a clear 503 problem while Data Storage is down, keeps executions working, and recovers', async () => {
    stack('stop-datastorage');
    try {
      const down = await auditEvents(new Request(`${BASE}/api/v1/audit/events?correlationId=${world.failed}`), { params: Promise.resolve({}) });
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toBe('application/problem+json');
      expect(down.headers.get('retry-after')).toBe('5');
      const problem = (await down.json()) as { code: string; detail: string };
      expect(problem.code).toBe('unavailable:datastorage');
      expect(problem.detail).toBe('Data Storage is unreachable.');

      const auditPanel = await auditOf(world.failed);
      expect(auditPanel.res.status).toBe(503);

      const list = await executionsList(new Request(`${BASE}/api/v1/executions?namespace=${world.namespace}`), { params: Promise.resolve({}) });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { total: number }).total).toBe(5);
      const detail = await executionDetail(new Request(`${BASE}/x`), { params: Promise.resolve({ namespace: world.namespace, name: `we-${world.failed}` }) });
      expect(detail.status).toBe(200);
    } finally {
      stack('start-datastorage');
    }
    const back = await search(`correlationId=${world.failed}`);
    expect(back.res.status).toBe(200);
    expect(back.body.page.total).toBe(world.written.get(world.failed)!.length);
  });
});
