'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { ToggleGroup } from '@/components/ui/form';
import { cn } from '@/components/ui/cn';

export interface DataTable {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly ReactNode[])[];
  /**
   * Where each row's first cell links to (null: no link). Only the visible table links:
   * a visually hidden table must not hold focus stops a sighted keyboard user cannot see.
   */
  links?: readonly (string | null)[];
}

type View = 'chart' | 'table';

function DataTableView({ table, hidden }: { table: DataTable; hidden?: boolean }) {
  return (
    <table className={cn('w-full border-collapse text-left text-xs', hidden && 'sr-only')} data-testid="chart-table">
      <caption className={hidden ? undefined : 'sr-only'}>{table.caption}</caption>
      <thead className="text-fg-muted">
        <tr>
          {table.columns.map((c, i) => (
            <th key={c} scope="col" className={cn('py-1 pr-2 font-medium', i > 0 && 'text-right')}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-line">
        {table.rows.map((row, r) => (
          <tr key={r}>
            {row.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="py-1 pr-2 font-normal">
                  {!hidden && table.links?.[r] ? (
                    <Link href={table.links[r]} className="text-accent hover:underline">
                      {cell}
                    </Link>
                  ) : (
                    cell
                  )}
                </th>
              ) : (
                <td key={i} className="py-1 pr-2 text-right tabular-nums">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A chart with its data as a table. The chart is drawn for the eye only (hidden from
 * assistive technology); the same numbers are always in a table, visually hidden beside
 * the chart, or shown in its place with the Chart/Table toggle.
 */
export function ChartWithTable({ label, chart, table, className }: { label: string; chart: ReactNode; table: DataTable; className?: string }) {
  const [view, setView] = useState<View>('chart');
  return (
    <div className={cn('space-y-2', className)}>
      <ToggleGroup<View>
        label={`${label}: view`}
        items={[
          { value: 'chart', label: 'Chart' },
          { value: 'table', label: 'Table', testId: 'show-table' },
        ]}
        pressed={(v) => v === view}
        onToggle={setView}
        className="justify-end"
      />
      {view === 'chart' ? (
        <>
          <div aria-hidden="true" className="h-40 w-full">
            {chart}
          </div>
          <DataTableView table={table} hidden />
        </>
      ) : (
        <div className="max-h-60 overflow-auto">
          <DataTableView table={table} />
        </div>
      )}
    </div>
  );
}
