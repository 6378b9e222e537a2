/**
 * Readiness of Flightdeck's upstream connections (Kubernetes API, Data Storage, its own
 * database) for `GET /api/readyz` and the connection indicator. Checks run in parallel,
 * each under its own deadline, so one hung upstream cannot hang the probe.
 */
import 'server-only';
import type { ComponentHealth, HealthComponentName, ReadinessReport } from './schemas/health';
import { pingDataStorage } from './datastorage/http';
import { pingDatabase } from './db';
import { env } from './env';
import { AppError, isAppError } from './errors';
import { systemIdentity } from './identity';
import { pingKubernetes } from './k8s/client';
import { kubeError } from './k8s/errors';
import { log } from './log';

/** Per-check deadline: below the usual 5-10 s probe timeout of a kubelet or load balancer. */
export const CHECK_TIMEOUT_MS = 3_000;

export interface HealthCheck {
  name: HealthComponentName;
  /** A required component being down makes the whole report `not_ready` (HTTP 503). */
  required: boolean;
  /**
   * Resolves (optionally with a safe message such as a version) when the component is
   * usable; rejects when it is not. An AppError's message is shown; other errors are not.
   */
  run: () => Promise<string | undefined>;
}

/** One check's outcome; `cause` stays on the server (it is logged, never sent). */
export interface CheckResult extends ComponentHealth {
  cause?: unknown;
}

class CheckTimeout extends Error {}

/**
 * Runs one check under a deadline and reports it. Never rejects: a failure becomes a
 * `down` entry with a safe message (AppError messages are safe by contract; anything
 * else is replaced by a generic text and logged on the server).
 */
export async function runCheck(check: HealthCheck, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), timeoutMs);
  });
  try {
    const message = await Promise.race([check.run(), deadline]);
    return { name: check.name, status: 'up', required: check.required, latencyMs: elapsed(started), ...(message ? { message } : {}) };
  } catch (err) {
    return { name: check.name, status: 'down', required: check.required, latencyMs: elapsed(started), message: downMessage(err, timeoutMs), ...(err instanceof CheckTimeout ? {} : { cause: err }) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function downMessage(err: unknown, timeoutMs: number): string {
  if (err instanceof CheckTimeout) return `No answer within ${timeoutMs} ms.`;
  if (isAppError(err)) return err.message;
  return 'The check failed; details are in the server log.';
}

/**
 * Pure aggregation: `not_ready` when a required component is down, `degraded` when only
 * optional ones are, `ready` otherwise.
 */
export function aggregate(components: readonly ComponentHealth[], checkedAt: Date): ReadinessReport {
  const down = components.filter((c) => c.status === 'down');
  const status = down.some((c) => c.required) ? 'not_ready' : down.length > 0 ? 'degraded' : 'ready';
  return { status, checkedAt: checkedAt.toISOString(), components: [...components] };
}

/** The HTTP status of a report: 503 tells load balancers and kubelets to stop routing here. */
/**
 * The report for a caller who is not signed in (probes, load balancers): each component's
 * up or down and whether it is required, nothing more (no versions, reasons or timings).
 */
export function publicReport(report: ReadinessReport): ReadinessReport {
  return {
    status: report.status,
    checkedAt: report.checkedAt,
    components: report.components.map(({ name, status, required }) => ({ name, status, required })),
  };
}

export function httpStatusFor(report: ReadinessReport): 200 | 503 {
  return report.status === 'not_ready' ? 503 : 200;
}

/**
 * The checks of this installation. They run as Flightdeck's own identity, not the
 * caller's: readiness describes the process's connections, and that lets concurrent
 * probes share one round of checks.
 */
export function readinessChecks(): HealthCheck[] {
  const identity = systemIdentity();
  return [
    {
      name: 'kubernetes',
      required: true,
      run: async () => {
        try {
          return `API server ${(await pingKubernetes(identity)).version}`;
        } catch (err) {
          // Upstream errors may embed request details; kubeError keeps a safe message only.
          throw kubeError(err, 'the API server version');
        }
      },
    },
    {
      name: 'datastorage',
      required: env().DATASTORAGE_REQUIRED,
      run: async () => {
        await pingDataStorage(identity);
        return 'Authenticated audit query succeeded';
      },
    },
    {
      name: 'database',
      required: true,
      run: async () => {
        try {
          return (await pingDatabase()).kind === 'postgres' ? 'PostgreSQL' : 'Embedded PGlite';
        } catch (err) {
          if (isAppError(err)) throw err;
          throw new AppError('unavailable:database', "Flightdeck's database did not answer a query.", { cause: err });
        }
      },
    },
  ];
}

/** Runs all checks in parallel and aggregates them. */
export async function checkAll(checks: readonly HealthCheck[], timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
  logTransitions(results);
  return aggregate(
    results.map(({ cause: _cause, ...component }) => component),
    new Date(),
  );
}

let inFlight: Promise<ReadinessReport> | undefined;

/**
 * The current readiness report. Concurrent callers (every open tab polls, plus probes)
 * share one round of checks instead of each hitting the upstreams.
 */
export function checkReadiness(): Promise<ReadinessReport> {
  inFlight ??= checkAll(readinessChecks()).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

const lastStatus = new Map<string, ComponentHealth['status']>();

/** Logs when a component goes down or comes back, not on every poll. */
function logTransitions(results: readonly CheckResult[]): void {
  for (const r of results) {
    const previous = lastStatus.get(r.name);
    lastStatus.set(r.name, r.status);
    if (previous === r.status) continue;
    if (r.status === 'down') log.warn('upstream down', { component: r.name, required: r.required, message: r.message, cause: r.cause });
    else if (previous === 'down') log.info('upstream recovered', { component: r.name, latencyMs: r.latencyMs });
  }
}
