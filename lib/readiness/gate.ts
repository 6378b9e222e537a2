/**
 * The readiness gate and its Markdown export: pure functions over what the store and the
 * infrastructure check returned, so every rule here has a unit test.
 *
 * A service is ready when
 *  1. the latest run of every tier it has results for is green (something ran, nothing
 *     failed or errored), and so is the latest run of every other architecture on that commit;
 *  2. all those latest runs are on the same, known commit;
 *  3. its infrastructure is ready: the platform items (required CRDs, Data Storage, the
 *     Kubernetes API itself) and the Deployments that belong to it with their Pods.
 *
 * Which Deployments belong to a service (see {@link deploymentBelongsTo}): a Deployment
 * whose name, split at "-", contains the service's own "-"-separated words in a row
 * (`workflowexecution-controller` for `workflowexecution`, `datastorage` for
 * `datastorage`, `holmesgpt-api` for `holmesgpt-api`), or whose name equals the service
 * once dashes are ignored (`data-storage` for `datastorage`).
 */
import {
  compareTiers,
  executedCount,
  passRatio,
  shortCommit,
  tierLabel,
  type BlockingItem,
  type InfraReason,
  type InfrastructureSnapshot,
  type ReadinessOverview,
  type RunSummary,
  type ServiceReadiness,
  type TierCell,
} from '../schemas/readiness';
import type { MatrixData } from './store';

/** The infrastructure as far as it is known: a snapshot, or why there is none. */
export type InfraState = { snapshot: InfrastructureSnapshot } | { error: string };

/** True when a Deployment named `deployment` counts as infrastructure of `service`. */
export function deploymentBelongsTo(service: string, deployment: string): boolean {
  const s = service.toLowerCase();
  const d = deployment.toLowerCase();
  if (s.replaceAll('-', '') === d.replaceAll('-', '')) return true;
  const want = s.split('-');
  const have = d.split('-');
  for (let i = 0; i + want.length <= have.length; i++) {
    if (want.every((w, j) => have[i + j] === w)) return true;
  }
  return false;
}

/** "9/12 (3 failing)", "249/249", "0/0 (12 skipped)". */
export function describeCounts(r: Pick<RunSummary, 'tests' | 'passed' | 'failed' | 'errored' | 'skipped'>): string {
  const extras: string[] = [];
  if (r.failed > 0) extras.push(`${r.failed} failing`);
  if (r.errored > 0) extras.push(`${r.errored} ${r.errored === 1 ? 'error' : 'errors'}`);
  if (r.skipped > 0) extras.push(`${r.skipped} skipped`);
  return `${passRatio(r)}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

function commitText(commit: string): string {
  return commit ? shortCommit(commit) : 'an unknown commit';
}

function tierBlocking(cell: TierCell): BlockingItem[] {
  const items: BlockingItem[] = [];
  const r = cell.latest;
  // With several architectures on the commit, say which one the cell's run is.
  const label = cell.arches.length > 1 && r.arch ? `${tierLabel(cell.tier)} on ${r.arch}` : tierLabel(cell.tier);
  if (r.status === 'red') {
    items.push({ kind: 'tier', tier: cell.tier, message: `${label}: ${describeCounts(r)} on ${commitText(r.commit)}` });
  } else if (r.status === 'empty') {
    items.push({ kind: 'tier', tier: cell.tier, message: `${label}: no tests ran on ${commitText(r.commit)} (${r.skipped} skipped)` });
  }
  for (const badge of cell.arches) {
    if (badge.id === r.id || badge.status === 'green') continue;
    const what = badge.status === 'red' ? `${badge.ratio} (${badge.failing} failing)` : 'no tests ran';
    items.push({ kind: 'tier', tier: cell.tier, message: `${tierLabel(cell.tier)} on ${badge.arch}: ${what} on ${commitText(r.commit)}` });
  }
  return items;
}

function commitBlocking(cells: TierCell[]): { commit: string | null; items: BlockingItem[] } {
  if (cells.length === 0) return { commit: null, items: [] };
  const newest = cells.reduce((a, b) => (b.latest.runAt > a.latest.runAt ? b : a));
  const items: BlockingItem[] = [];
  for (const cell of cells) {
    const label = tierLabel(cell.tier);
    if (!cell.latest.commit) {
      items.push({ kind: 'commit', tier: cell.tier, message: `${label}: the latest run names no commit` });
    } else if (newest.latest.commit && cell.latest.commit !== newest.latest.commit) {
      items.push({
        kind: 'commit',
        tier: cell.tier,
        message: `${label} is on commit ${shortCommit(cell.latest.commit)} while ${tierLabel(newest.tier)} is on ${shortCommit(newest.latest.commit)}`,
      });
    }
  }
  return { commit: newest.latest.commit || null, items };
}

const PLATFORM_SCOPES = new Set<InfraReason['scope']>(['kubernetes', 'crd', 'datastorage']);

function infraBlocking(service: string, infra: InfraState): { deployments: string[]; items: BlockingItem[] } {
  if ('error' in infra) {
    return { deployments: [], items: [{ kind: 'infrastructure', message: `Infrastructure: unknown (${infra.error})` }] };
  }
  const snap = infra.snapshot;
  const deployments = snap.namespaces.flatMap((ns) =>
    ns.deployments.filter((d) => deploymentBelongsTo(service, d.name)).map((d) => `${d.namespace}/${d.name}`),
  );
  const mine = new Set(deployments);
  const items: BlockingItem[] = snap.reasons
    .filter((r) => PLATFORM_SCOPES.has(r.scope) || (r.deployment !== undefined && mine.has(r.deployment)))
    .map((r) => ({ kind: 'infrastructure', message: `Infrastructure: ${r.item} ${r.message}` }));
  if (deployments.length === 0 && !snap.reasons.some((r) => r.scope === 'kubernetes')) {
    const where = snap.namespaces.map((n) => n.name).join(', ') || 'no namespace';
    items.push({ kind: 'infrastructure', message: `Infrastructure: no Deployment named like "${service}" in ${where}` });
  }
  return { deployments, items };
}

/** Combines the stored runs and the infrastructure into the matrix with a gate per service. */
export function buildOverview(matrix: MatrixData, infra: InfraState, options: { branch?: string; now?: Date } = {}): ReadinessOverview {
  const byService = new Map<string, TierCell[]>();
  for (const c of matrix.cells) {
    const list = byService.get(c.service) ?? [];
    list.push({ tier: c.tier, latest: c.latest, trend: c.trend, arches: c.arches });
    byService.set(c.service, list);
  }
  const tiers = [...new Set(matrix.cells.map((c) => c.tier))].sort(compareTiers);
  const services: ServiceReadiness[] = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, cells]) => {
      cells.sort((a, b) => compareTiers(a.tier, b.tier));
      const commit = commitBlocking(cells);
      const infraItems = infraBlocking(service, infra);
      const blocking = [...cells.flatMap(tierBlocking), ...commit.items, ...infraItems.items];
      return {
        service,
        cells: Object.fromEntries(cells.map((c) => [c.tier, c])),
        commit: commit.commit,
        ready: blocking.length === 0,
        blocking,
        deployments: infraItems.deployments,
      };
    });
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    branch: options.branch ?? null,
    tiers,
    services,
    infrastructure:
      'error' in infra
        ? { ready: false, checkedAt: null, reasons: [{ scope: 'kubernetes', item: 'infrastructure', message: infra.error }] }
        : { ready: infra.snapshot.ready, checkedAt: infra.snapshot.checkedAt, reasons: infra.snapshot.reasons },
  };
}

/** Escapes text for one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([`*_[\]<>])/g, '\\$1');
}

function markdownCell(c: TierCell | undefined): string {
  if (!c) return '—';
  const r = c.latest;
  const mark = r.status === 'green' ? '✅' : r.status === 'red' ? '❌' : '⚠️';
  const extras: string[] = [];
  if (r.failed + r.errored > 0) extras.push(`${r.failed + r.errored} failing`);
  if (r.skipped > 0) extras.push(`${r.skipped} skipped`);
  if (executedCount(r) === 0) extras.push('nothing ran');
  return `${mark} ${passRatio(r)}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/**
 * The status table as Markdown, to paste into a handoff document: one row per service,
 * a `passed/total` cell per tier, the commit and either "ready" or what blocks it.
 */
export function overviewToMarkdown(o: ReadinessOverview): string {
  const lines: string[] = [];
  lines.push(`## Readiness${o.branch ? ` (branch ${cell(o.branch)})` : ''}`, '');
  lines.push(`Generated ${o.generatedAt} by Flightdeck.`, '');
  const header = ['Service', ...o.tiers.map(tierLabel), 'Commit', 'Ready'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const s of o.services) {
    const ready = s.ready ? '✅ ready' : `❌ ${s.blocking.map((b) => cell(b.message)).join('; ')}`;
    const row = [cell(s.service), ...o.tiers.map((t) => markdownCell(s.cells[t])), s.commit ? `\`${shortCommit(s.commit).replace(/`/g, '')}\`` : '—', ready];
    lines.push(`| ${row.join(' | ')} |`);
  }
  if (o.services.length === 0) lines.push(`| _no test results yet_ |${o.tiers.map(() => ' |').join('')} | |`);
  lines.push('');
  if (o.infrastructure.ready) {
    lines.push(`Infrastructure: ✅ ready (checked ${o.infrastructure.checkedAt ?? 'never'}).`);
  } else {
    lines.push(`Infrastructure: ❌ not ready${o.infrastructure.checkedAt ? ` (checked ${o.infrastructure.checkedAt})` : ''}:`);
    for (const r of o.infrastructure.reasons) lines.push(`- ${cell(`${r.item} ${r.message}`)}`);
  }
  return `${lines.join('\n')}\n`;
}
