'use client';

import { useRouter } from 'next/navigation';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/executions/duration';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { HISTORY_LIMITS, shortCommit, tierLabel } from '@/lib/schemas/readiness';
import { ToggleGroup } from '@/components/ui/form';
import { toneColor } from '@/components/ui/palette';
import { useRunHistory } from '@/hooks/use-readiness';

const tooltipStyle = { fontSize: 12, background: 'var(--fd-surface)', border: '1px solid var(--fd-line)', color: 'var(--fd-fg)' };

/**
 * Pass rate and duration of the last runs of one service and tier (Recharts), with the
 * current run marked. The window (20, 50 or 100 runs) is in the URL (`history`).
 */
export function HistoryCharts({
  service,
  tier,
  limit,
  currentId,
  onLimit,
}: {
  service: string;
  tier: string;
  limit: number;
  currentId: string;
  onLimit: (limit: number) => void;
}) {
  const router = useRouter();
  const query = useRunHistory(service, tier, limit);
  const points = (query.data?.points ?? []).map((p, i) => ({
    ...p,
    n: i + 1,
    label: p.runAt.slice(5, 16).replace('T', ' '),
    passPct: p.passRate === null ? null : Math.round(p.passRate * 1000) / 10,
    seconds: Math.round(p.durationMs / 100) / 10,
  }));
  const current = points.find((p) => p.id === currentId);
  const summary = points.length
    ? `${points.length} runs; pass rate from ${points[0]?.passPct ?? '—'}% to ${points[points.length - 1]?.passPct ?? '—'}%`
    : 'no runs';
  return (
    <section aria-labelledby="history-heading" className="space-y-2" data-testid="history-charts">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="history-heading" className="text-sm font-semibold">
          History of {service} · {tierLabel(tier)}
        </h2>
        <ToggleGroup label="Runs shown" items={HISTORY_LIMITS.map((l) => ({ value: l, label: `last ${l}` }))} pressed={(l) => l === limit} onToggle={onLimit} />
      </div>
      {query.isPending ? (
        <Skeleton className="h-48 w-full" />
      ) : query.isError ? (
        <ErrorState title="The history could not be loaded" message={query.error.message} />
      ) : (
        <div className="grid gap-3 lg:grid-cols-2">
          <figure className="h-44 rounded-lg border border-line bg-surface p-2">
            <figcaption className="text-xs font-medium text-fg-muted">Pass rate (%) · {summary}</figcaption>
            <ResponsiveContainer width="100%" height="90%">
              <LineChart
                data={points}
                margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
                accessibilityLayer
                onClick={(state) => {
                  const id = points[Number(state?.activeTooltipIndex ?? -1)]?.id;
                  if (id && id !== currentId) router.push(`/readiness/runs/${id}`);
                }}
              >
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="n" tick={{ fontSize: 10, fill: 'currentColor' }} minTickGap={24} tickFormatter={(n: number) => points[n - 1]?.label ?? ''} />
                <YAxis domain={[0, 100]} tick={{ fontSize: 10, fill: 'currentColor' }} width={34} />
                <Tooltip
                  contentStyle={tooltipStyle}
                  formatter={(v) => [`${String(v)}%`, 'pass rate']}
                  labelFormatter={(_l, payload) => {
                    const p = payload?.[0]?.payload as (typeof points)[number] | undefined;
                    return p ? `${p.label} · ${p.passed}/${p.tests - p.skipped} · ${shortCommit(p.commit) || 'no commit'}${p.arch ? ` · ${p.arch}` : ''}` : '';
                  }}
                />
                {current && <ReferenceLine x={current.n} stroke="currentColor" strokeDasharray="4 2" />}
                <Line type="monotone" dataKey="passPct" stroke={toneColor('success')} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <figure className="h-44 rounded-lg border border-line bg-surface p-2">
            <figcaption className="text-xs font-medium text-fg-muted">Duration</figcaption>
            <ResponsiveContainer width="100%" height="90%">
              <LineChart data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="n" tick={{ fontSize: 10, fill: 'currentColor' }} minTickGap={24} tickFormatter={(n: number) => points[n - 1]?.label ?? ''} />
                <YAxis tick={{ fontSize: 10, fill: 'currentColor' }} width={60} tickFormatter={(s: number) => formatDuration(s * 1000)} />
                <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatDuration(Number(v) * 1000), 'duration']} labelFormatter={(n) => points[Number(n) - 1]?.label ?? ''} />
                {current && <ReferenceLine x={current.n} stroke="currentColor" strokeDasharray="4 2" />}
                <Line type="monotone" dataKey="seconds" stroke={toneColor('accent')} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </figure>
        </div>
      )}
    </section>
  );
}
