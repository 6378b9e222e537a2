'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { useExecutionOutcomes } from '@/hooks/use-executions';
import { toneColor } from '@/components/ui/palette';
import { DISPLAY_PHASES, type ExecutionFilter } from '@/lib/schemas/executions';
import { PHASE_TONE } from './phase-badge';

function label(iso: string, bucketMs: number): string {
  const t = iso.slice(0, 16).replace('T', ' ');
  return bucketMs >= 86_400_000 ? t.slice(0, 10) : bucketMs >= 3_600_000 ? t.slice(5) : t.slice(11);
}

/**
 * Executions of the current filter per creation-time bucket, stacked by phase. The
 * server aggregates (at most 60 bars), so the chart stays light at any list size.
 * Memoized: the list above it re-renders on every page it appends while scrolling, and a
 * Recharts redraw each time made those appends long tasks.
 */
export const OutcomesChart = memo(function OutcomesChart({ filter }: { filter: ExecutionFilter }) {
  const query = useExecutionOutcomes(filter);
  if (query.isPending) return <Skeleton className="h-40 w-full" />;
  if (query.isError) return <ErrorState title="The outcomes chart could not be loaded" message={query.error.message} />;
  const { buckets, bucketMs } = query.data;
  const data = buckets.map((b) => ({ ...b, label: label(b.start, bucketMs) }));
  const totals = DISPLAY_PHASES.map((p) => `${buckets.reduce((s, b) => s + b[p], 0)} ${p.toLowerCase()}`).join(', ');
  return (
    <figure className="h-40 w-full" data-testid="outcomes-chart">
      <figcaption className="sr-only">Executions over time by phase: {totals}.</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10, fill: 'currentColor' }} interval="preserveStartEnd" minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 10, fill: 'currentColor' }} width={40} />
          <Tooltip
            contentStyle={{ fontSize: 12, background: 'var(--fd-surface)', border: '1px solid var(--fd-line)', color: 'var(--fd-fg)' }}
            cursor={{ fillOpacity: 0.08 }}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
          {DISPLAY_PHASES.map((p) => (
            <Bar key={p} dataKey={p} stackId="phase" fill={toneColor(PHASE_TONE[p])} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});
