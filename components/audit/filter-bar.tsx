'use client';

/**
 * The explorer's filters as a form; submitting writes them to the URL (the URL is the
 * state). Times are entered and shown in UTC.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { PAYLOAD_SCHEMA_BY_TYPE } from '@/lib/audit/payloads';
import { AUDIT_CATEGORIES, AUDIT_OUTCOMES, RELATIVE_RANGES, isRelativeRange, type AuditFilters } from '@/lib/schemas/audit';

const KNOWN_TYPES = Object.keys(PAYLOAD_SCHEMA_BY_TYPE).sort();

const RANGE_LABEL: Record<(typeof RELATIVE_RANGES)[number], string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** `2026-03-01T10:00:00Z` ↔ the value of a UTC datetime-local input. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : '';
}
function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const input = 'h-8 w-full rounded-md border border-line-strong bg-surface px-2 text-sm text-fg placeholder:text-fg-muted';
const labelCls = 'flex min-w-0 flex-col gap-1 text-xs font-medium text-fg-muted';

export interface FilterBarProps {
  filters: AuditFilters;
  onApply: (filters: Partial<AuditFilters>) => void;
  onReset: () => void;
}

export function FilterBar({ filters, onApply, onReset }: FilterBarProps) {
  const relative = !filters.since || isRelativeRange(filters.since);
  const [range, setRange] = useState<string>(filters.since ? (relative ? filters.since : 'custom') : '');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    const chosen = text('range');
    const custom = chosen === 'custom';
    onApply({
      category: text('category'),
      type: text('type'),
      outcome: text('outcome') as AuditFilters['outcome'],
      severity: text('severity'),
      correlationId: text('correlationId'),
      since: custom ? fromLocalInput(text('from') ?? '') : chosen,
      until: custom ? fromLocalInput(text('to') ?? '') : undefined,
      detailKey: text('detailKey'),
      detailValue: text('detailValue'),
      limit: filters.limit,
    });
  }

  return (
    <form onSubmit={submit} aria-label="Audit filters" className="rounded-lg border border-line bg-surface p-3" key={JSON.stringify(filters)}>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-8">
        <label className={labelCls}>
          Category
          <select name="category" defaultValue={filters.category ?? ''} className={input}>
            <option value="">Any</option>
            {AUDIT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            {filters.category && !(AUDIT_CATEGORIES as readonly string[]).includes(filters.category) && <option value={filters.category}>{filters.category}</option>}
          </select>
        </label>
        <label className={`${labelCls} col-span-2`}>
          Event type
          <input name="type" defaultValue={filters.type ?? ''} list="audit-event-types" placeholder="e.g. workflowexecution.workflow.failed" className={input} autoComplete="off" />
          <datalist id="audit-event-types">
            {KNOWN_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <label className={labelCls}>
          Outcome
          <select name="outcome" defaultValue={filters.outcome ?? ''} className={input}>
            <option value="">Any</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label className={labelCls}>
          Severity
          <input name="severity" defaultValue={filters.severity ?? ''} placeholder="e.g. critical" className={input} autoComplete="off" />
        </label>
        <label className={`${labelCls} col-span-2 md:col-span-3 xl:col-span-3`}>
          Correlation id
          <input name="correlationId" defaultValue={filters.correlationId ?? ''} placeholder="e.g. the RemediationRequest name" className={input} autoComplete="off" />
        </label>
        <label className={`${labelCls} col-span-2`}>
          Time range
          <select name="range" value={range} onChange={(e) => setRange(e.target.value)} className={input}>
            <option value="">Any time</option>
            {RELATIVE_RANGES.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABEL[r]}
              </option>
            ))}
            {relative && filters.since && !(RELATIVE_RANGES as readonly string[]).includes(filters.since) && <option value={filters.since}>Last {filters.since}</option>}
            <option value="custom">Between (UTC)…</option>
          </select>
        </label>
        {range === 'custom' && (
          <>
            <label className={`${labelCls} col-span-1 md:col-span-2`}>
              From (UTC)
              <input type="datetime-local" name="from" defaultValue={relative ? '' : toLocalInput(filters.since)} className={input} />
            </label>
            <label className={`${labelCls} col-span-1 md:col-span-2`}>
              To (UTC)
              <input type="datetime-local" name="to" defaultValue={toLocalInput(filters.until)} className={input} />
            </label>
          </>
        )}
        <label className={labelCls}>
          Payload field
          <input name="detailKey" defaultValue={filters.detailKey ?? ''} placeholder="e.g. failure_reason" className={input} autoComplete="off" />
        </label>
        <label className={labelCls}>
          Field value
          <input name="detailValue" defaultValue={filters.detailValue ?? ''} placeholder="e.g. TaskFailed" className={input} autoComplete="off" />
        </label>
        <div className="col-span-2 flex items-end gap-2 md:col-span-1 xl:col-span-2">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          <Button variant="ghost" onClick={onReset}>
            Reset
          </Button>
        </div>
      </div>
    </form>
  );
}
