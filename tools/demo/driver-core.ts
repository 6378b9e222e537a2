/**
 * The activity driver: backfills the last days, then plays a busy Kubernaut installation
 * against the local stack until stopped (see tools/demo/README.md). `driver.ts` is its
 * command line; tests start it in-process with a few ticks.
 */
import * as k8s from '@kubernetes/client-node';
import { catalogWorkflow, CONTROLLER_NAMESPACE, type CatalogEntry } from '../scenario/controller';
import { adminClients, type AdminClients } from '../scenario/k8s';
import { writerConfig, type WriterConfig } from '../scenario/scenario';
import { AuditWriter, DEFAULT_LAG, sleep } from './audit';
import { blocksTarget, clearBlock, ensureNamespaces, handWrittenEvents, inBatches, OPERATOR_USER, writeHandWrittenObjects, type HandWritten } from './handwritten';
import { ensureServiceDeployments } from './infrastructure';
import { cancelInFlight, isStopped, LIVE_WORKFLOWS, planLive, runLive, type InFlight, type LiveContext, type LiveWorkflowRole } from './live';
import { DEFAULT_INSTANCE, DEMO_LABEL, DEMO_NAMESPACES, FAULT_KINDS, FAULT_LABEL, FAULT_NOTES, type FaultKind } from './marks';
import { planBackfill, planRemediation, rng } from './plan';
import { planLiveCommit, planReportHistory, produceReport, suiteBinary, uploadReport, type Flightdeck, type PlannedReport } from './reports';

export interface DriverOptions {
  instance?: string;
  /** Live remediations per minute (0: no live activity). */
  rate?: number;
  /** Days of history to backfill (0: none); Data Storage refuses events older than 7 days. */
  backfillDays?: number;
  /** Average backfilled remediations per hour. */
  backfillPerHour?: number;
  /** One labelled fault every this many backfilled remediations (default 45). */
  backfillFaultEvery?: number;
  /** Stop after this many live remediations have started and finished. */
  ticks?: number;
  /** One labelled fault every this many live remediations (0: none). */
  faultEvery?: number;
  /** Share of live remediations that fail, 0-1 (default about one in six; tests ask for more). */
  failShare?: number;
  /** Minutes between live CI report uploads. */
  reportEveryMinutes?: number;
  /** Where reports go; without it no reports are uploaded. */
  flightdeck?: Flightdeck;
  /** Multiplies the live waits (tests use less than 1). */
  pace?: number;
  seed?: number;
  log?: (line: string) => void;
  clients?: AdminClients;
  writer?: WriterConfig;
}

export interface DriverStats {
  backfill: { remediations: number; created: number; existed: number; faults: Record<FaultKind, number>; blocked: number; cleared: number; events: number; skipped: string | null };
  live: { started: number; completed: number; failed: number; cleared: number; errors: number; cancelled: number };
  faults: Array<{ kind: FaultKind; correlationId: string; execution: string }>;
  reports: { uploaded: number; errors: number };
  audit: AuditWriter['stats'];
}

export interface Driver {
  stats: DriverStats;
  /** Resolves when the backfill is done (live activity follows). */
  backfilled: Promise<void>;
  /** Resolves when the driver has stopped (ticks reached, or stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

const MARKER_NAMESPACE = DEMO_NAMESPACES[0];
const markerName = (instance: string) => `flightdeck-demo-${instance}`;
const HOUR = 3_600_000;

interface Marker {
  until: number;
  reports: boolean;
}

async function readMarker(clients: AdminClients, instance: string): Promise<Marker | null> {
  try {
    const cm = await clients.core.readNamespacedConfigMap({ namespace: MARKER_NAMESPACE, name: markerName(instance) });
    const until = Date.parse(cm.data?.backfilledUntil ?? '');
    return Number.isFinite(until) ? { until, reports: cm.data?.reportsUploaded === 'true' } : null;
  } catch (err) {
    if (err instanceof k8s.ApiException && err.code === 404) return null;
    throw err;
  }
}

/** Records how far history is written; the live driver moves it on so a restart fills only the gap. */
async function writeMarker(clients: AdminClients, instance: string, until: number, reports: boolean): Promise<void> {
  const data = { backfilledUntil: new Date(until).toISOString(), reportsUploaded: String(reports) };
  const body = { metadata: { name: markerName(instance), namespace: MARKER_NAMESPACE, labels: { [DEMO_LABEL]: instance } }, data };
  try {
    await clients.core.replaceNamespacedConfigMap({ namespace: MARKER_NAMESPACE, name: markerName(instance), body });
  } catch (err) {
    if (!(err instanceof k8s.ApiException) || err.code !== 404) throw err;
    await clients.core.createNamespacedConfigMap({ namespace: MARKER_NAMESPACE, body });
  }
}

function emptyStats(audit: AuditWriter): DriverStats {
  return {
    backfill: { remediations: 0, created: 0, existed: 0, faults: { 'duplicate-selection': 0, 'silent-failure': 0, 'unknown-event-type': 0 }, blocked: 0, cleared: 0, events: 0, skipped: null },
    live: { started: 0, completed: 0, failed: 0, cleared: 0, errors: 0, cancelled: 0 },
    faults: [],
    reports: { uploaded: 0, errors: 0 },
    audit: audit.stats,
  };
}

/** A one-line error; an API server error names its Status message, never the headers (tokens). */
export function errText(err: unknown): string {
  if (err instanceof k8s.ApiException) {
    let message = '';
    try {
      message = (JSON.parse(String(err.body)) as { message?: string }).message ?? '';
    } catch {
      // not a Status object
    }
    return `API server answered ${err.code}${message ? `: ${message}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Starts the driver; it runs until `ticks` live remediations finished or `stop()` is called. */
export function startDriver(o: DriverOptions = {}): Driver {
  const instance = o.instance ?? DEFAULT_INSTANCE;
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clients = o.clients ?? adminClients();
  const writer = o.writer ?? writerConfig();
  const random = rng(o.seed ?? Date.now() % 2 ** 31);
  const audit = new AuditWriter(writer, DEFAULT_LAG, random);
  const stats = emptyStats(audit);
  const abort = new AbortController();
  const inflight = new Map<string, InFlight>();
  const running = new Set<Promise<void>>();
  const busyTargets = new Map<string, number>();
  const rate = o.rate ?? 3;
  const pace = o.pace ?? 1;
  let reportsDone = false;
  // Moved on only once history is complete: a driver stopped during its backfill starts over.
  let historyDone = false;
  const mark = async (until: number) => {
    if (historyDone) await writeMarker(clients, instance, until, reportsDone);
  };

  let markBackfilled: () => void = () => undefined;
  let failBackfill: (err: unknown) => void = () => undefined;
  const backfilled = new Promise<void>((resolve, reject) => {
    markBackfilled = resolve;
    failBackfill = reject;
  });

  async function backfill(): Promise<void> {
    const days = Math.min(o.backfillDays ?? 3, 6);
    if (days <= 0) {
      stats.backfill.skipped = 'no backfill asked for';
      return;
    }
    const now = Date.now();
    const marker = await readMarker(clients, instance);
    reportsDone = marker?.reports ?? false;
    const earliest = now - days * 24 * HOUR;
    const from = marker ? Math.max(marker.until, earliest) : earliest;
    if (now - from < 2 * 60_000) {
      stats.backfill.skipped = `history is complete up to ${Math.round((now - from) / 1000)} s ago`;
      log(`backfill: nothing to do (history written up to ${new Date(from).toISOString()})`);
      return;
    }
    const plans = planBackfill({
      from,
      to: now,
      perHour: o.backfillPerHour ?? 4,
      blocked: marker ? 0 : 2,
      ...(o.backfillFaultEvery !== undefined ? { faultEvery: o.backfillFaultEvery } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    const written: HandWritten[] = plans.map((p) => handWrittenEvents(p, now));
    log(`backfill: ${plans.length} remediations from ${new Date(from).toISOString()} (${marker ? 'the gap since the last run' : `the last ${days} days`})`);
    await ensureNamespaces(clients, plans.map((p) => p.namespace));
    const events = written.flatMap((h) => h.events).sort((a, b) => Date.parse(a.event_timestamp) - Date.parse(b.event_timestamp));
    stats.backfill.events = await audit.write(events);
    await inBatches(written, 4, async (h) => {
      const r = await writeHandWrittenObjects(clients, instance, h.plan.fault ? 'fault' : 'backfill', h);
      if (r === 'created') stats.backfill.created += 1;
      else stats.backfill.existed += 1;
    });
    // Kubernaut blocks a target after an execution failure until a person clears it; the
    // history's later remediations of those targets mean someone did. The webhook stamps
    // the clearance now: the demo's operator clears what the backfill left.
    const toClear = written.filter((h) => blocksTarget(h.plan) && !h.plan.blocked && !h.plan.fault);
    await inBatches(toClear, 4, async (h) => {
      try {
        await clearBlock(clients, h.plan.namespace, `we-${h.plan.id}`, `Looked at ${h.plan.signal.resource} after the failed ${h.plan.workflow.workflowId} run and fixed the cause by hand, safe to remediate again`);
        stats.backfill.cleared += 1;
      } catch (err) {
        log(`backfill: clearing the block of ${h.plan.id} failed: ${errText(err)}`);
      }
    });
    stats.backfill.remediations = plans.length;
    for (const p of plans) if (p.fault) stats.backfill.faults[p.fault] += 1;
    stats.backfill.blocked = plans.filter((p) => p.blocked).length;
    historyDone = true;
    await mark(now);
    const f = stats.backfill.faults;
    log(
      `backfill: ${stats.backfill.created} executions created${stats.backfill.existed ? ` (${stats.backfill.existed} existed)` : ''}, ${stats.backfill.events} audit events written, ${stats.audit.rejected} rejected; ` +
        `labelled faults: ${f['duplicate-selection']} duplicate-selection, ${f['silent-failure']} silent-failure, ${f['unknown-event-type']} unknown-event-type; ${stats.backfill.cleared} blocks cleared by ${OPERATOR_USER}, ${stats.backfill.blocked} targets left blocked`,
    );
  }

  async function reportsHistory(fd: Flightdeck): Promise<void> {
    if (reportsDone) {
      log('reports: history already uploaded by an earlier run');
      return;
    }
    const days = Math.max(1, Math.min(o.backfillDays ?? 3, 6));
    const now = Date.now();
    const plans = planReportHistory({ from: now - days * 24 * HOUR, to: now - HOUR, instance });
    await uploadAll(fd, plans);
    reportsDone = stats.reports.errors === 0;
    await mark(Date.now());
    log(`reports: ${plans.length} Ginkgo reports uploaded (4 services × 3 tiers over ${days} days; gateway's e2e red on its last commit, one flaky integration test)`);
  }

  async function uploadAll(fd: Flightdeck, plans: PlannedReport[]): Promise<void> {
    const bin = suiteBinary();
    for (const p of plans) {
      if (abort.signal.aborted) return;
      try {
        await uploadReport(fd, p, await produceReport(bin, p));
        stats.reports.uploaded += 1;
      } catch (err) {
        stats.reports.errors += 1;
        log(`reports: ${p.service}/${p.tier} failed: ${errText(err)}`);
      }
    }
  }

  async function waitForFlightdeck(fd: Flightdeck): Promise<boolean> {
    for (let i = 0; i < 600 && !abort.signal.aborted; i++) {
      try {
        const res = await fetch(`${fd.url}/api/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return true;
      } catch {
        // not up yet
      }
      await sleep(500);
    }
    return false;
  }

  const catalog = {} as Record<LiveWorkflowRole, CatalogEntry>;

  async function injectFault(kind: FaultKind): Promise<void> {
    const now = Date.now();
    const runMs = 40_000 + random() * 60_000;
    // Ended a few seconds ago, so the whole story is visible at once.
    const plan = planRemediation(random, Math.round(now - 26_000 - runMs), { fault: kind });
    plan.runMs = Math.round(runMs);
    const h = handWrittenEvents(plan, now);
    await ensureNamespaces(clients, [plan.namespace]);
    await audit.write(h.events);
    await writeHandWrittenObjects(clients, instance, 'fault', h);
    stats.faults.push({ kind, correlationId: plan.id, execution: `${plan.namespace}/we-${plan.id}` });
    log(`FAULT injected (${FAULT_LABEL}=${kind}) ${plan.namespace}/we-${plan.id}: ${FAULT_NOTES[kind]}`);
  }

  async function oneLive(n: number): Promise<void> {
    const now = Date.now();
    for (const [t, until] of busyTargets) if (until < now) busyTargets.delete(t);
    const plan = planLive(random, n, new Set(busyTargets.keys()), now, {
      targetSuffix: instance === DEFAULT_INSTANCE ? '' : `-${instance}`,
      ...(o.failShare !== undefined ? { failShare: o.failShare } : {}),
    });
    if (!plan) {
      log('live: every target is still running or cooling down; skipping this tick');
      return;
    }
    // Busy while it runs; the controller's cooldown (1 min on the stack) starts when the execution ends.
    busyTargets.set(plan.targetResource, Number.POSITIVE_INFINITY);
    const entry: InFlight = { id: plan.id };
    inflight.set(plan.id, entry);
    stats.live.started += 1;
    const ctx: LiveContext = { clients, audit, instance, catalog, random, log, stop: abort.signal, pace };
    try {
      const r = await runLive(ctx, plan, entry);
      if (r.phase === 'Completed') stats.live.completed += 1;
      else stats.live.failed += 1;
      if (r.cleared) stats.live.cleared += 1;
    } catch (err) {
      if (!isStopped(err)) {
        stats.live.errors += 1;
        log(`${plan.id}: ${errText(err)}`);
      }
    } finally {
      inflight.delete(plan.id);
      busyTargets.set(plan.targetResource, Date.now() + 90_000);
    }
  }

  function track(p: Promise<void>): void {
    running.add(p);
    void p.finally(() => running.delete(p));
  }

  async function live(): Promise<void> {
    if (rate <= 0) return;
    for (const [role, name] of Object.entries(LIVE_WORKFLOWS) as Array<[LiveWorkflowRole, string]>) catalog[role] = await catalogWorkflow(writer, name);
    log(`live: ${rate} remediations a minute through Kubernaut's WorkflowExecution controller in ${CONTROLLER_NAMESPACE}; Ctrl-C stops`);
    const faultEvery = o.faultEvery ?? 5;
    let n = 0;
    let faults = 0;
    let lastMarker = Date.now();
    while (!abort.signal.aborted && (o.ticks === undefined || n < o.ticks)) {
      n += 1;
      track(oneLive(n));
      if (faultEvery > 0 && n % faultEvery === 0) {
        const kind = FAULT_KINDS[faults++ % FAULT_KINDS.length]!;
        track(injectFault(kind).catch((err: unknown) => log(`fault ${kind}: ${errText(err)}`)));
      }
      if (Date.now() - lastMarker > 60_000) {
        lastMarker = Date.now();
        await mark(lastMarker).catch(() => undefined);
      }
      if (o.ticks !== undefined && n >= o.ticks) break;
      const gap = (60_000 / rate) * (0.7 + 0.6 * random());
      await sleepUnless(gap);
    }
    while (running.size && !abort.signal.aborted) await Promise.race([Promise.allSettled([...running]), sleepUnless(60_000)]);
  }

  async function liveReports(fd: Flightdeck): Promise<void> {
    const every = (o.reportEveryMinutes ?? 10) * 60_000;
    while (!abort.signal.aborted) {
      await sleepUnless(every);
      if (abort.signal.aborted) return;
      const plans = planLiveCommit(random, Date.now(), instance);
      await uploadAll(fd, plans);
      log(`reports: ${plans[0]!.service} commit ${plans[0]!.commit.slice(0, 7)} green in ${plans.length} tiers`);
    }
  }

  function sleepUnless(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done, { once: true });
    });
  }

  const done = (async () => {
    try {
      await backfill();
      historyDone = true;
      await ensureServiceDeployments(clients, instance);
      markBackfilled();
    } catch (err) {
      failBackfill(err);
      throw err;
    }
    const fd = o.flightdeck;
    const reportWork = fd
      ? (async () => {
          if (!(await waitForFlightdeck(fd))) return;
          await reportsHistory(fd);
          if (o.ticks === undefined) await liveReports(fd);
        })().catch((err: unknown) => log(`reports: ${errText(err)}`))
      : Promise.resolve(log('reports: no Flightdeck URL and ingest token given; not uploading test reports'));
    await live();
    if (o.ticks !== undefined) await reportWork;
    await mark(Date.now()).catch(() => undefined);
    await audit.drain();
  })();
  void done.catch(() => undefined);

  return {
    stats,
    backfilled,
    done,
    async stop() {
      // Taken before aborting: aborted remediations remove themselves from the map.
      const open = [...inflight.values()];
      abort.abort();
      stats.live.cancelled = await cancelInFlight(clients, open);
      await Promise.race([audit.drain(), sleep(3_000)]);
      await mark(Date.now()).catch(() => undefined);
      await Promise.race([done.catch(() => undefined), sleep(3_000)]);
    },
  };
}
