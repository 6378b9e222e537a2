/**
 * The overview's "audit trail issues" tile: the conformance checks the executions list
 * uses (lib/audit/conformance-index.ts), run over a bounded set of recent executions the
 * caller may see: the last day's failed and running ones first, then the newest, at most
 * MAX_CHECKED. The index answers most of them from memory; the rest share its per-call
 * budget of direct Data Storage reads. Answers are reused for CACHE_TTL_MS per set of
 * visible namespaces, so a page open in many tabs costs one check every few seconds.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import { syncedExecutionCache } from '../executions/cache';
import { restrictFilter, visibleNamespaces } from '../executions/visibility';
import type { RequestIdentity } from '../identity';
import type { ConformanceSummary } from '../schemas/conformance';
import type { ExecutionSummary } from '../schemas/executions';
import { OVERVIEW_WINDOW_MS, type AuditIssuesOverview } from '../schemas/overview';
import { conformanceBatch } from './conformance-index';
import { subjectFromSummary } from './subjects';

/** Executions checked per answer. */
export const MAX_CHECKED = 200;
/** Of those, at most this many failed or running ones are taken first. */
const PRIORITY = 100;
/** Issues listed (the count covers all). */
const MAX_LISTED = 10;
const CACHE_TTL_MS = 10_000;

const answers = new LRUCache<string, Promise<AuditIssuesOverview>>({ max: 200, ttl: CACHE_TTL_MS });

/**
 * Audit conformance of the caller's recent executions, and the ones with issues
 * (duplicated or missing lifecycle events, malformed payloads). Data Storage being down
 * answers with every row unknown and the reason, as the list does.
 */
export async function auditIssuesOverview(identity: RequestIdentity, now = Date.now()): Promise<AuditIssuesOverview> {
  const cache = await syncedExecutionCache();
  const visible = await visibleNamespaces(identity, 'list', cache.namespacesInUse());
  const key = visible === 'all' ? '*' : [...visible].sort().join(',');
  const hit = answers.get(key);
  if (hit) return hit;
  const since = new Date(now - OVERVIEW_WINDOW_MS).toISOString();
  const base = restrictFilter({ createdAfter: since }, visible);
  const page = (phase: ExecutionSummary['phase'][] | undefined, limit: number) => cache.list({ ...base, ...(phase ? { phase } : {}), sort: 'created', order: 'desc', limit }, now);
  const urgent = page(['Failed', 'Running'], PRIORITY);
  const newest = page(undefined, MAX_CHECKED);
  const rows = new Map<string, ExecutionSummary>();
  for (const r of [...urgent.items, ...newest.items]) if (rows.size < MAX_CHECKED) rows.set(r.uid, r);
  const answer = (async (): Promise<AuditIssuesOverview> => {
    const batch = await conformanceBatch(identity, [...rows.values()].map(subjectFromSummary));
    const counts: Record<ConformanceSummary['status'], number> = { ok: 0, issues: 0, pending: 0, unknown: 0 };
    const issues: AuditIssuesOverview['issues'] = [];
    for (const r of rows.values()) {
      const c = batch.items[`${r.namespace}/${r.name}`];
      const status = c?.status ?? 'unknown';
      counts[status]++;
      if (c && status === 'issues' && issues.length < MAX_LISTED) {
        issues.push({ namespace: r.namespace, name: r.name, phase: r.phase, problems: c.problems.slice(0, 3), duplicates: c.duplicates, missing: c.missing });
      }
    }
    return {
      generatedAt: new Date(now).toISOString(),
      checked: rows.size,
      skipped: Math.max(0, newest.total - rows.size),
      counts,
      issues,
      ...(batch.unavailable ? { unavailable: batch.unavailable } : {}),
    };
  })();
  answers.set(key, answer);
  // A failure is not reused: the next request tries again.
  answer.catch(() => answers.delete(key));
  return answer;
}

/** Forgets reused answers (tests). */
export function resetAuditIssuesForTests(): void {
  answers.clear();
}
