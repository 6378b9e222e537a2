'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { TimeAgo } from '@/components/ui/time';
import { executedCount, passRatio, shortCommit, tierLabel, type ReadinessOverview, type ServiceReadiness, type TierCell } from '@/lib/schemas/readiness';
import { ArchBadges } from './arch-badges';
import { Sparkline } from './sparkline';
import { cellClass, runWord, serviceAnchor } from './status';

function Cell({ service, cell }: { service: string; cell: TierCell | undefined }) {
  if (!cell) {
    return (
      <span className="text-fg-muted" aria-label="no runs">
        —
      </span>
    );
  }
  const r = cell.latest;
  const failing = r.failed + r.errored;
  return (
    <div className={cn('flex min-w-36 flex-col gap-1 rounded-md border px-2 py-1.5', cellClass(r.status))} data-testid={`cell-${service}-${cell.tier}`} data-status={r.status}>
      {/* The accessible name is the visible text plus hidden context, so speech matches what is seen. */}
      <Link href={`/readiness/runs/${r.id}`} className="flex items-baseline justify-between gap-2 rounded-sm hover:underline">
        <span className="text-base font-semibold tabular-nums">
          <span className="sr-only">
            {tierLabel(cell.tier)} of {service}:{' '}
          </span>
          <span data-testid="cell-ratio">{passRatio(r)}</span>
          <span className="sr-only"> passed, </span>
        </span>
        <span className="text-xs">
          {executedCount(r) === 0 ? 'nothing ran' : failing ? `${failing} failing` : r.skipped ? `${r.skipped} skipped` : runWord(r.status)}
          <span className="sr-only">{r.commit ? ` on ${shortCommit(r.commit)}` : ''}</span>
        </span>
      </Link>
      <Sparkline points={cell.trend} className="text-current" />
      <span className="flex flex-wrap items-center gap-x-1.5 text-xs opacity-90">
        <TimeAgo value={r.runAt} />
        {r.commit && (
          <code className="font-mono" title={r.commit}>
            {shortCommit(r.commit)}
          </code>
        )}
      </span>
      <ArchBadges arches={cell.arches} />
    </div>
  );
}

function Gate({ s }: { s: ServiceReadiness }) {
  if (s.ready) {
    return (
      <Badge tone="success" dot data-testid={`gate-${s.service}`}>
        Ready
      </Badge>
    );
  }
  const shown = s.blocking.slice(0, 4);
  const hidden = s.blocking.slice(4);
  return (
    <div className="space-y-1" data-testid={`gate-${s.service}`}>
      <Badge tone="danger" dot>
        Blocked
      </Badge>
      <ul className="list-disc space-y-0.5 pl-4 text-xs text-fg-muted" aria-label={`What blocks ${s.service}`}>
        {shown.map((b, i) => (
          <li key={i} className="max-w-md break-words">
            {b.message}
          </li>
        ))}
      </ul>
      {hidden.length > 0 && (
        <details className="text-xs text-fg-muted">
          <summary className="cursor-pointer">{hidden.length} more</summary>
          <ul className="list-disc space-y-0.5 pl-4">
            {hidden.map((b, i) => (
              <li key={i} className="max-w-md break-words">
                {b.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Services by tiers: the latest run of each tier with its trend, and the service's gate. */
export function ReadinessMatrix({ overview }: { overview: ReadinessOverview }) {
  if (overview.services.length === 0) {
    return (
      <EmptyState
        title={overview.branch ? `No test results for branch ${overview.branch}` : 'No test results yet'}
        description={
          <>
            Send reports from CI with <code>npx flightdeck report --service &lt;name&gt; --tier &lt;tier&gt; junit.xml</code> or a
            <code> POST /api/v1/readiness/reports</code> (see the README).
          </>
        }
        action={
          overview.branch ? (
            <Link href="/readiness" className="text-accent underline">
              Show all branches
            </Link>
          ) : undefined
        }
      />
    );
  }
  const ready = overview.services.filter((s) => s.ready).length;
  return (
    <Table aria-label="Test results by service and tier" data-testid="readiness-matrix">
      <caption className="sr-only">
        {ready} of {overview.services.length} services ready. Each cell shows tests passed over tests run in the latest run of that tier.
      </caption>
      <THead>
        <Tr>
          <Th>Service</Th>
          {overview.tiers.map((t) => (
            <Th key={t}>{tierLabel(t)}</Th>
          ))}
          <Th>Ready</Th>
        </Tr>
      </THead>
      <TBody>
        {overview.services.map((s) => (
          <Tr key={s.service} id={serviceAnchor(s.service)} data-testid={`row-${s.service}`}>
            <Th scope="row" className="align-top text-sm font-semibold text-fg">
              {s.service}
              {s.commit && (
                <span className="block text-xs font-normal text-fg-muted">
                  commit <code title={s.commit}>{shortCommit(s.commit)}</code>
                </span>
              )}
            </Th>
            {overview.tiers.map((t) => (
              <Td key={t} className="align-top">
                <Cell service={s.service} cell={s.cells[t]} />
              </Td>
            ))}
            <Td className="align-top">
              <Gate s={s} />
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
