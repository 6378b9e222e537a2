'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { toneColor } from '@/components/ui/palette';
import type { CountEntry, HourBucket } from '@/lib/schemas/overview';
import { ChartWithTable } from './data-view';

const tick = { fontSize: 10, fill: 'currentColor' } as const;
const tooltipStyle = { fontSize: 12, background: 'var(--fd-surface)', border: '1px solid var(--fd-line)', color: 'var(--fd-fg)' } as const;

/** `HH:00` of an hour bucket, in UTC like every time the app prints. */
const hourLabel = (iso: string) => `${iso.slice(11, 13)}:00`;

export function successRateText(completed: number, failed: number): string {
  const finished = completed + failed;
  return finished ? `${Math.round((completed / finished) * 1000) / 10}%` : '—';
}

/** Executions finished per hour of the last 24, completed and failed stacked. */
export function FinishedPerHourChart({ hourly }: { hourly: readonly HourBucket[] }) {
  const data = hourly.map((h) => ({ ...h, label: hourLabel(h.start) }));
  return (
    <ChartWithTable
      label="Finished per hour"
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={20} />
            <YAxis allowDecimals={false} tick={tick} width={36} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fillOpacity: 0.08 }} />
            <Legend wrapperStyle={{ fontSize: 11 }} iconSize={8} />
            <Bar dataKey="completed" name="Completed" stackId="outcome" fill={toneColor('success')} isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="outcome" fill={toneColor('danger')} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={{
        caption: 'Executions finished per hour over the last 24 hours (UTC), with the success rate of each hour',
        columns: ['Hour (UTC)', 'Completed', 'Failed', 'Success rate'],
        rows: hourly.map((h) => [hourLabel(h.start), h.completed, h.failed, successRateText(h.completed, h.failed)]),
      }}
    />
  );
}

/**
 * A ranked count (failure reasons, workflows) as horizontal bars; each table row links to
 * the executions it counts.
 */
export function RankedChart({ label, entries, keyTitle, hrefOf }: { label: string; entries: readonly CountEntry[]; keyTitle: string; hrefOf: (key: string) => string | null }) {
  return (
    <ChartWithTable
      label={label}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={[...entries]} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={tick} />
            <YAxis type="category" dataKey="key" tick={tick} width={120} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fillOpacity: 0.08 }} />
            <Bar dataKey="count" name="Failures" fill={toneColor('danger')} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={{
        caption: `${label}: failures in the last 24 hours`,
        columns: [keyTitle, 'Failures'],
        rows: entries.map((e) => [e.key, e.count]),
        links: entries.map((e) => hrefOf(e.key)),
      }}
    />
  );
}
