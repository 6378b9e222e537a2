'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { ErrorState } from '@/components/ui/states';
import { TimeAgo } from '@/components/ui/time';
import { ConnectionSummary } from '@/components/shell/connection-summary';
import { useLiveStatus, type LiveStatus } from '@/hooks/use-live-stream';
import { useAuditIssues, useExecutionsOverview } from '@/hooks/use-overview';
import { useReadinessLive, useReadinessOverview } from '@/hooks/use-readiness';
import type { ExecutionFilter } from '@/lib/schemas/executions';
import { NO_REASON_KEY, overviewLinks, type ExecutionsOverview, type WindowOutcome } from '@/lib/schemas/overview';
import { FinishedPerHourChart, RankedChart, successRateText } from './charts';
import { RecentFailuresList } from './recent-failures';
import { executionHref, executionsHref, Tile, TileBody } from './tile';

const LIVE_TEXT: Record<LiveStatus, string> = { idle: 'Live updates off', connecting: 'Connecting…', open: 'Live', error: 'Live updates interrupted; retrying' };

function Stat({ testId, label, value, href, detail }: { testId: string; label: string; value: string; href: string; detail?: string }) {
  return (
    <Link href={href} data-testid={testId} className="group block rounded-lg border border-line bg-surface px-4 py-3 transition-colors hover:border-accent">
      <span className="block text-xs font-medium text-fg-muted">{label}</span>
      <span className="mt-1 block text-2xl font-semibold tabular-nums text-fg" data-testid={`${testId}-value`}>
        {value}
      </span>
      {detail && <span className="mt-0.5 block text-xs text-fg-muted">{detail}</span>}
    </Link>
  );
}

const rate = (w: WindowOutcome) => successRateText(w.completed, w.failed);
const n = (v: number) => v.toLocaleString('en-US');

function StatTiles({ data }: { data: ExecutionsOverview }) {
  const links = overviewLinks(data.generatedAt);
  const prev = data.previous24h;
  return (
    <section aria-label="Executions at a glance" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="overview-stats">
      <Stat testId="stat-running" label="Running now" value={n(data.running)} href={executionsHref(links.running)} detail={`${n(data.pending)} pending`} />
      <Stat testId="stat-failed" label="Failed, last 24 h" value={n(data.last24h.failed)} href={executionsHref(links.failed24h)} detail={`${n(prev.failed)} the 24 h before`} />
      <Stat
        testId="stat-success"
        label="Success rate, last 24 h"
        value={rate(data.last24h)}
        href={executionsHref(links.finished24h)}
        detail={`${rate(prev)} the 24 h before · ${n(data.last24h.completed + data.last24h.failed)} finished`}
      />
      <Stat testId="stat-blocked" label="Targets blocked" value={n(data.blockedCount)} href={executionsHref(links.blocked)} detail="waiting for a person to clear them" />
    </section>
  );
}

type OverviewQuery = ReturnType<typeof useExecutionsOverview>;

/** The links of the tiles, once the numbers (and the instant they were computed at) are known. */
function tileLink(data: ExecutionsOverview | undefined, pick: (links: ReturnType<typeof overviewLinks>) => ExecutionFilter, linkLabel: string) {
  return data ? { href: executionsHref(pick(overviewLinks(data.generatedAt))), linkLabel } : {};
}

const NO_FAILURES = { title: 'No failures in the last 24 hours', description: 'None of the executions you may see failed in the last 24 hours.' };

function ExecutionTiles({ query }: { query: OverviewQuery }) {
  const data = query.data;
  const failedWith = (d: ExecutionsOverview, extra: { reason?: string; workflow?: string }) => executionsHref({ ...overviewLinks(d.generatedAt).failed24h, ...extra });
  const noFailures = (d: ExecutionsOverview) => d.last24h.failed === 0;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Tile id="tile-hourly" title="Finished per hour" description="Completed and failed executions over the last 24 hours (UTC)" {...tileLink(data, (l) => l.finished24h, 'Finished executions')}>
        <TileBody
          query={query}
          label="Finished per hour"
          isEmpty={(d) => d.last24h.completed + d.last24h.failed === 0}
          empty={{ title: 'Nothing finished in the last 24 hours', description: 'No execution you may see completed or failed in the last 24 hours.' }}
        >
          {(d) => <FinishedPerHourChart hourly={d.hourly} />}
        </TileBody>
      </Tile>
      <Tile id="tile-reasons" title="Top failure reasons" description="Failures of the last 24 hours by reason" {...tileLink(data, (l) => l.failed24h, 'Failed executions')}>
        <TileBody query={query} label="Top failure reasons" isEmpty={noFailures} empty={NO_FAILURES}>
          {(d) => <RankedChart label="Top failure reasons" keyTitle="Reason" entries={d.topReasons} hrefOf={(key) => (key === NO_REASON_KEY ? null : failedWith(d, { reason: key }))} />}
        </TileBody>
      </Tile>
      <Tile id="tile-workflows" title="Workflows that fail most" description="Failures of the last 24 hours by workflow" {...tileLink(data, (l) => l.failed24h, 'Failed executions')}>
        <TileBody query={query} label="Workflows that fail most" isEmpty={noFailures} empty={NO_FAILURES}>
          {(d) => <RankedChart label="Workflows that fail most" keyTitle="Workflow" entries={d.topWorkflows} hrefOf={(key) => failedWith(d, { workflow: key })} />}
        </TileBody>
      </Tile>
    </div>
  );
}

function BlockedTargets({ data }: { data: ExecutionsOverview }) {
  if (!data.blockedTargets.length) {
    return <p className="text-sm text-fg-muted">No target is blocked: every execution failure has been cleared or was not an execution failure.</p>;
  }
  return (
    <ul className="divide-y divide-line" data-testid="blocked-targets-list">
      {data.blockedTargets.map((b) => (
        <li key={b.targetResource} className="py-2 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="font-mono text-sm text-fg">{b.targetResource}</span>
            <TimeAgo value={b.at} className="text-xs text-fg-muted" />
          </div>
          <p className="mt-0.5 text-xs text-fg-muted">
            blocked by{' '}
            <Link href={executionHref(b.namespace, b.name)} className="text-accent underline">
              {b.namespace}/{b.name}
            </Link>
            {b.reason ? ` (${b.reason}${b.failedTask ? ` in ${b.failedTask}` : ''})` : ''}
          </p>
        </li>
      ))}
      {data.blockedCount > data.blockedTargets.length && <li className="py-2 text-xs text-fg-muted">and {n(data.blockedCount - data.blockedTargets.length)} more</li>}
    </ul>
  );
}

function AuditIssuesTile({ since }: { since: string | undefined }) {
  const query = useAuditIssues();
  return (
    <Tile
      id="tile-audit"
      title="Audit trail issues"
      description="Recent executions whose audit events do not match their lifecycle (duplicates, missing events)"
      {...(since ? { href: executionsHref({ audit: ['issues'], createdAfter: since }), linkLabel: 'Executions with issues' } : {})}
    >
      <TileBody query={query} label="Audit conformance">
        {(data) => (
          <div className="space-y-2 text-sm">
            {data.unavailable && <ErrorState title="Data Storage could not be read" message={data.unavailable} />}
            <p className="text-fg-muted" data-testid="audit-summary">
              <span className="font-semibold text-fg" data-testid="audit-issues-count">
                {n(data.counts.issues)}
              </span>{' '}
              of {n(data.checked)} recent executions with issues · {n(data.counts.pending)} pending · {n(data.counts.unknown)} not checked
              {data.skipped ? ` · ${n(data.skipped)} older in the window not checked` : ''}
            </p>
            {data.issues.length > 0 ? (
              <ul className="divide-y divide-line">
                {data.issues.map((i) => (
                  <li key={`${i.namespace}/${i.name}`} className="py-1.5">
                    <Link href={executionHref(i.namespace, i.name)} className="text-accent underline">
                      {i.namespace}/{i.name}
                    </Link>
                    <span className="ml-2 text-xs text-fg-muted">
                      {[i.duplicates ? `${i.duplicates} duplicated` : '', i.missing ? `${i.missing} missing` : ''].filter(Boolean).join(', ') || i.problems[0]}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              !data.unavailable && <p className="text-fg-muted">Every checked audit trail matches its execution.</p>
            )}
          </div>
        )}
      </TileBody>
    </Tile>
  );
}

function ReadinessTile() {
  const query = useReadinessOverview(null);
  // A stored report or an infrastructure change refreshes the gates (the readiness topics).
  useReadinessLive(query.data?.live);
  return (
    <Tile id="tile-readiness" title="Readiness gate" description="Per service: latest run of every tier green on one commit, infrastructure ready" href="/readiness" linkLabel="Readiness">
      <TileBody
        query={query}
        label="Readiness"
        isEmpty={(d) => d.services.length === 0}
        empty={{ title: 'No test reports yet', description: 'CI uploads JUnit, Ginkgo or go test reports to /api/v1/readiness/reports; the README shows how.' }}
      >
        {(data) => (
          <ul className="divide-y divide-line" data-testid="readiness-gates">
            {data.services.map((s) => (
              <li key={s.service} className="flex items-center justify-between gap-2 py-1.5 text-sm">
                <Link href="/readiness" className="text-accent hover:underline">
                  {s.service}
                </Link>
                <span className="flex min-w-0 items-center gap-2">
                  {!s.ready && s.blocking[0] && <span className="truncate text-xs text-fg-muted">{s.blocking[0].message}</span>}
                  <Badge tone={s.ready ? 'success' : 'danger'} dot>
                    {s.ready ? 'Ready' : 'Blocked'}
                  </Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </TileBody>
    </Tile>
  );
}

/**
 * The overview: what runs now, what failed and why, which targets wait for a person,
 * whether the audit trail and the test gates hold, and whether Flightdeck sees it all.
 * Execution numbers come from the server's cache and follow the live stream.
 */
export function OverviewView() {
  const query = useExecutionsOverview();
  const live = useLiveStatus();
  const data = query.data;
  const since = data ? overviewLinks(data.generatedAt).since : undefined;
  return (
    <div className="space-y-4">
      <p className="flex items-center gap-2 text-xs text-fg-muted" data-testid="live-status" data-state={live}>
        <span aria-hidden="true" className={live === 'open' ? 'size-2 rounded-full bg-tone-success' : 'size-2 rounded-full bg-tone-neutral'} />
        {/* Only the connection state is announced; the ticking "updated" time is not. */}
        <span aria-live="polite">{LIVE_TEXT[live]}</span>
        {data && (
          <>
            {' · '}updated <TimeAgo value={data.generatedAt} />
          </>
        )}
      </p>
      <TileBody query={query} label="Execution numbers">
        {(d) => (
          <>
            {d.syncing && (
              <p role="status" className="text-sm text-fg-muted">
                Still loading the first list of executions from Kubernetes; numbers may grow.
              </p>
            )}
            <StatTiles data={d} />
          </>
        )}
      </TileBody>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Tile
          id="tile-recent-failures"
          title="Recent failures"
          description="The newest failed executions: reason, failed task and target"
          href={executionsHref({ phase: ['Failed'] })}
          linkLabel="All failed executions"
        >
          <TileBody
            query={query}
            label="Recent failures"
            isEmpty={(d) => d.recentFailures.length === 0}
            empty={{ title: 'No failed executions', description: 'None of the executions you may see has failed.' }}
          >
            {(d) => <RecentFailuresList failures={d.recentFailures} />}
          </TileBody>
        </Tile>
        <ConnectionSummary />
      </div>
      <ExecutionTiles query={query} />
      <div className="grid gap-4 lg:grid-cols-3">
        <AuditIssuesTile since={since} />
        <Tile id="tile-blocked" title="Blocked targets" description="Execution failures that block their target until a person clears the block" {...tileLink(data, (l) => l.blocked, 'Blocking executions')}>
          <TileBody query={query} label="Blocked targets">
            {(d) => <BlockedTargets data={d} />}
          </TileBody>
        </Tile>
        <ReadinessTile />
      </div>
    </div>
  );
}
