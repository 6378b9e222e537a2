'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { Duration, TimeAgo } from '@/components/ui/time';
import { formatTimestamp } from '@/components/ui/format';
import { useUrlState } from '@/hooks/use-url-state';
import { passRatio, shortCommit, tierLabel } from '@/lib/schemas/readiness';
import { runUrlState } from '@/lib/url-state';
import { FailureGroups } from './failure-groups';
import { HistoryCharts } from './history-charts';
import { useReadinessLive, useRunDetail } from '@/hooks/use-readiness';
import { runTone, runWord } from './status';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-fg-muted">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

/**
 * One run: its counts and metadata, failures grouped by signature, flaky tests of its
 * service and tier on its commit, other runs on that commit, and history charts.
 */
export function RunDetailView({ id }: { id: string }) {
  const query = useRunDetail(id);
  useReadinessLive(query.data?.live);
  // Both are view state the server page only reads for the first paint: rewritten in place.
  const { state, write } = useUrlState(runUrlState);

  if (query.isError) {
    return <ErrorState title="This run could not be loaded" message={query.error.message} />;
  }
  if (!query.data) return null;
  const { run, failureGroups, failureCount, flaky, siblings } = query.data;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-fg-muted">
        <Link href="/readiness" className="text-accent underline">
          Readiness
        </Link>{' '}
        / {run.service} / {tierLabel(run.tier)}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">
          {run.service} · {tierLabel(run.tier)} · run <span className="font-mono">{run.runId}</span>
        </h1>
        <Badge tone={runTone(run.status)} dot data-testid="run-status">
          {passRatio(run)} {runWord(run.status)}
        </Badge>
      </div>
      <Card>
        <CardBody>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
            <Fact label="Passed">
              <span className="tabular-nums">{run.passed}</span>
            </Fact>
            <Fact label="Failed">
              <span className="tabular-nums">{run.failed}</span>
            </Fact>
            <Fact label="Errors">
              <span className="tabular-nums">{run.errored}</span>
            </Fact>
            <Fact label="Skipped or pending">
              <span className="tabular-nums">{run.skipped}</span>
            </Fact>
            <Fact label="Duration">
              <Duration ms={run.durationMs} />
            </Fact>
            <Fact label="Commit">{run.commit ? <code title={run.commit}>{shortCommit(run.commit)}</code> : '—'}</Fact>
            <Fact label="Branch">{run.branch ?? '—'}</Fact>
            <Fact label="Architecture">{run.arch || '—'}</Fact>
            <Fact label="Run at">
              <TimeAgo value={run.runAt} />
            </Fact>
            <Fact label="Received">{formatTimestamp(run.receivedAt)}</Fact>
            <Fact label="Report">
              {run.format}
              {run.tool ? ` (${run.tool})` : ''}
            </Fact>
          </dl>
        </CardBody>
      </Card>

      {siblings.length > 0 && (
        <Card>
          <CardHeader title="Other runs on this commit" as="h2" description="Other architectures or re-runs of the same tier." />
          <CardBody>
            <ul className="flex flex-wrap gap-2">
              {siblings.map((s) => (
                <li key={s.id}>
                  <Link href={`/readiness/runs/${s.id}`} className="inline-flex items-center gap-1 hover:underline">
                    <Badge tone={runTone(s.status)}>{passRatio(s)}</Badge>
                    <span className="text-sm">
                      {s.runId}
                      {s.arch ? ` · ${s.arch}` : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      )}

      <section aria-labelledby="failures-heading" className="space-y-2">
        <h2 id="failures-heading" className="text-sm font-semibold">
          Failures{failureCount > 0 ? ` (${failureCount} in ${failureGroups.length} ${failureGroups.length === 1 ? 'group' : 'groups'})` : ''}
        </h2>
        <FailureGroups groups={failureGroups} failureCount={failureCount} openKey={state.group} onToggle={(key) => write({ ...state, group: key }, 'in-place')} />
      </section>

      <section aria-labelledby="flaky-heading" className="space-y-2">
        <h2 id="flaky-heading" className="text-sm font-semibold">
          Flaky tests {flaky.length > 0 && <Badge tone="warning">{flaky.length}</Badge>}
        </h2>
        {flaky.length === 0 ? (
          <EmptyState title="No flaky tests on this commit" description={`No test of ${run.service} · ${tierLabel(run.tier)} both failed and passed on ${run.commit ? shortCommit(run.commit) : 'this run'}.`} />
        ) : (
          <Table aria-label="Flaky tests" data-testid="flaky-tests">
            <THead>
              <Tr>
                <Th>Test</Th>
                <Th>Suite</Th>
                <Th className="text-right">Runs passed</Th>
                <Th className="text-right">Runs failed</Th>
              </Tr>
            </THead>
            <TBody>
              {flaky.map((f, i) => (
                <Tr key={i}>
                  <Td className="break-words">{f.name}</Td>
                  <Td className="text-xs text-fg-muted">{f.suite}</Td>
                  <Td className="text-right tabular-nums">{f.passedRuns}</Td>
                  <Td className="text-right tabular-nums">{f.failedRuns}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <HistoryCharts
        service={run.service}
        tier={run.tier}
        limit={state.history}
        currentId={run.id}
        onLimit={(history) => write({ ...state, history }, 'in-place')}
      />
    </div>
  );
}
