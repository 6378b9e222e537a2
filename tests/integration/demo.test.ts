/**
 * The demo's activity driver against the real stack, checked with the rules Flightdeck
 * enforces: a short backfill and a few live remediations (through Kubernaut's real
 * WorkflowExecution controller) of an instance of its own, then
 *  - every WorkflowExecution and RemediationRequest it made was accepted by the real
 *    kube-apiserver (CRD schema) and parses with Flightdeck's zod schemas;
 *  - Data Storage rejected none of its audit events;
 *  - Flightdeck's audit conformance finds each labelled fault, and nothing in the
 *    executions that are not faults;
 *  - its test reports, produced by running the demo's Ginkgo suite, parse with
 *    Flightdeck's report parser with the outcomes the plan asked for.
 * Everything the test made is removed with the driver's reset at the end.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateConformance, subjectFromWorkflowExecution, WFE_EVENT, type ConformanceEvent } from '@/lib/audit/conformance';
import { decodePayload, PAYLOAD_SCHEMA_BY_TYPE } from '@/lib/audit/payloads';
import { rrSchema, wfeSchema } from '@/lib/k8s/objects';
import { parseReport } from '@/lib/readiness/parse';
import { adminClients, type AdminClients } from '@/tools/scenario/k8s';
import { startDriver, type Driver } from '@/tools/demo/driver-core';
import { DEMO_LABEL, FAULT_LABEL, FAULT_KINDS, ORIGIN_LABEL, type FaultKind } from '@/tools/demo/marks';
import { planReportHistory, produceReport, suiteBinary } from '@/tools/demo/reports';
import { resetDemo } from '@/tools/demo/reset';
import { eventually } from './audit-fixtures';
import { controllersMissing } from './controller-fixtures';
import { stackVar } from './stack';

const INSTANCE = `it-${randomBytes(3).toString('hex')}`;
const TICKS = 2;
let missing: string | null = null;
let clients: AdminClients;
let driver: Driver;
const lines: string[] = [];

interface Wire {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec?: { remediationRequestRef?: { name?: string } };
  status?: { phase?: string; executionEngine?: string; conditions?: Array<{ type: string }>; blockClearance?: { clearedBy?: string; clearReason?: string } };
}

async function listDemo(plural: string): Promise<Wire[]> {
  const list = (await clients.custom.listClusterCustomObject({ group: 'kubernaut.ai', version: 'v1alpha1', plural, labelSelector: `${DEMO_LABEL}=${INSTANCE}` })) as { items: Wire[] };
  return list.items;
}

/** The correlation's events from Data Storage, read with Flightdeck's reader token. */
async function correlationEvents(id: string): Promise<ConformanceEvent[]> {
  const token = readFileSync(stackVar('DATASTORAGE_TOKEN_FILE'), 'utf8').trim();
  const res = await fetch(`${stackVar('DATASTORAGE_URL')}/api/v1/audit/events?correlation_id=${encodeURIComponent(id)}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Array<{ event_id: string; event_type: string; event_timestamp: string; correlation_id: string; resource_id?: string; event_data: Record<string, unknown> }> };
  return body.data.map((e) => ({ id: e.event_id, type: e.event_type, timestamp: e.event_timestamp, correlationId: e.correlation_id, resource: { id: e.resource_id ?? null }, data: e.event_data }));
}

beforeAll(async () => {
  missing = await controllersMissing();
  if (missing) return;
  clients = adminClients(stackVar('STACK_ADMIN_KUBECONFIG'));
  driver = startDriver({
    instance: INSTANCE,
    backfillDays: 3 / 24,
    backfillPerHour: 30,
    seed: 20261201,
    backfillFaultEvery: 4,
    rate: 12,
    ticks: TICKS,
    faultEvery: 1,
    pace: 0.15,
    clients,
    log: (line) => lines.push(line),
  });
  await driver.done;
}, 240_000);

afterAll(async () => {
  if (!missing && clients) await resetDemo(clients, INSTANCE);
}, 120_000);

describe('the demo driver against the stack', () => {
  it('made executions and remediations the API server accepted and Flightdeck parses', async (ctx) => {
    if (missing) ctx.skip(missing);
    const wfes = await listDemo('workflowexecutions');
    const rrs = await listDemo('remediationrequests');
    const s = driver.stats;
    expect(s.backfill.created).toBeGreaterThan(15);
    expect(s.live.started).toBe(TICKS);
    expect(s.live.errors, lines.join('\n')).toBe(0);
    expect(wfes).toHaveLength(s.backfill.created + TICKS + s.faults.length);
    expect(rrs).toHaveLength(wfes.length);
    for (const w of wfes) expect(wfeSchema.safeParse(w).success, `${w.metadata.namespace}/${w.metadata.name}`).toBe(true);
    for (const r of rrs) expect(rrSchema.safeParse(r).success, `${r.metadata.namespace}/${r.metadata.name}`).toBe(true);
    // A person cleared the blocks history left, through the AuthWebhook (it stamps who).
    const cleared = wfes.filter((w) => w.status?.blockClearance);
    expect(cleared.length).toBe(s.backfill.cleared + s.live.cleared);
    expect(cleared.every((w) => w.status?.blockClearance?.clearedBy === 'operator@flightdeck.test')).toBe(true);
    // Every one ended, and the live ones carry the real controller's status.
    expect(wfes.every((w) => w.status?.phase === 'Completed' || w.status?.phase === 'Failed')).toBe(true);
    const live = wfes.filter((w) => w.metadata.labels?.[ORIGIN_LABEL] === 'live');
    expect(live).toHaveLength(TICKS);
    for (const w of live) {
      expect(w.metadata.namespace).toBe('kubernaut-system');
      expect(w.status?.executionEngine).toMatch(/^(tekton|job)$/);
      expect(w.status?.conditions?.map((c) => c.type)).toEqual(expect.arrayContaining(['ExecutionCreated', 'Ready']));
    }
  });

  it('had none of its audit events rejected by Data Storage', (ctx) => {
    if (missing) ctx.skip(missing);
    expect(driver.stats.audit.lastError).toBeNull();
    expect(driver.stats.audit.rejected).toBe(0);
    expect(driver.stats.audit.written).toBeGreaterThan(driver.stats.backfill.created * 10);
  });

  it("passes Flightdeck's audit conformance except where a fault is labelled, and every labelled fault is found", { timeout: 120_000 }, async (ctx) => {
    if (missing) ctx.skip(missing);
    const wfes = await listDemo('workflowexecutions');
    const found: Record<FaultKind, number> = { 'duplicate-selection': 0, 'silent-failure': 0, 'unknown-event-type': 0 };
    for (const w of wfes) {
      const subject = subjectFromWorkflowExecution(w);
      const fault = w.metadata.labels?.[FAULT_LABEL] as FaultKind | undefined;
      // Live events trail their step by the audit lag (and the controller's by its 10 s poll): wait until settled.
      const { result, events } = await eventually(
        async () => {
          const events = await correlationEvents(subject.correlationId!);
          // A grace of 0: a lost event is missing as soon as it is due (Flightdeck waits AUDIT_GRACE_SECONDS).
          const result = evaluateConformance(subject, events, Date.now(), fault ? 0 : 60_000);
          return result.status === 'pending' ? null : { result, events };
        },
        30_000,
        `the audit trail of ${w.metadata.name}`,
      );
      const state = (type: string) => result.expectations.find((x) => x.type === type)?.state;
      if (fault === 'duplicate-selection') {
        expect(state(WFE_EVENT.selection)).toBe('duplicate');
        expect(result.problems).toContain(`${WFE_EVENT.selection} emitted 16 times (expected once)`);
      } else if (fault === 'silent-failure') {
        expect(state(WFE_EVENT.failed)).toBe('missing');
      } else {
        expect(result.problems, `${w.metadata.namespace}/${w.metadata.name}`).toEqual([]);
      }
      const unknown = events.filter((e) => !Object.hasOwn(PAYLOAD_SCHEMA_BY_TYPE, e.type) && !e.type.startsWith('workflowexecution.'));
      if (fault === 'unknown-event-type') {
        expect(unknown.map((e) => e.type)).toEqual(['remediationplanner.plan.proposed']);
        expect(decodePayload(unknown[0]!.type, unknown[0]!.data).schema).toBe('generic');
      } else {
        expect(unknown).toEqual([]);
      }
      if (fault) found[fault] += 1;
    }
    for (const kind of FAULT_KINDS) expect(found[kind], kind).toBeGreaterThan(0);
    expect(Object.values(found).reduce((a, b) => a + b, 0)).toBe(wfes.filter((w) => w.metadata.labels?.[FAULT_LABEL]).length);
  });

  it('produces real Ginkgo reports that Flightdeck parses with the planned outcomes', { timeout: 120_000 }, async () => {
    const bin = suiteBinary();
    const now = Date.now();
    const plans = planReportHistory({ from: now - 72 * 3_600_000, to: now, instance: INSTANCE });
    const last = plans.at(-1)!.commit;
    const pick = plans.filter((p) => p.commit === last && ['gateway', 'workflowexecution'].includes(p.service) && p.tier !== 'unit');
    const parsed = await Promise.all(pick.map(async (p) => ({ p, report: await parseReport(new Uint8Array((await produceReport(bin, p)).body), { contentType: 'application/xml' }) })));
    for (const { p, report } of parsed) {
      expect(report.tool).toBe('ginkgo');
      expect(report.format).toBe('junit');
      expect(report.totals.failed, `${p.service}/${p.tier} ${p.runId}`).toBe(p.fail.length);
      expect(report.totals.tests).toBeGreaterThan(p.fail.length);
    }
    const unit = plans.find((p) => p.tier === 'unit')!;
    const json = await parseReport(new Uint8Array((await produceReport(bin, unit)).body), { contentType: 'application/json' });
    expect(json.format).toBe('ginkgo-json');
  });
});
