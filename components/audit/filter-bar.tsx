'use client';

/**
 * The explorer's filters as a form; submitting writes them to the URL (the URL is the
 * state). Times are entered and shown in UTC.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/form';
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

const fieldCls = 'font-medium';

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
        <Field label="Category" className={fieldCls}>
          <Select name="category" defaultValue={filters.category ?? ''} className="w-full">
            <option value="">Any</option>
            {AUDIT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            {filters.category && !(AUDIT_CATEGORIES as readonly string[]).includes(filters.category) && <option value={filters.category}>{filters.category}</option>}
          </Select>
        </Field>
        <Field label="Event type" className={`${fieldCls} col-span-2`}>
          <Input name="type" data-page-search defaultValue={filters.type ?? ''} list="audit-event-types" placeholder="e.g. workflowexecution.workflow.failed" className="w-full" autoComplete="off" />
          <datalist id="audit-event-types">
            {KNOWN_TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </Field>
        <Field label="Outcome" className={fieldCls}>
          <Select name="outcome" defaultValue={filters.outcome ?? ''} className="w-full">
            <option value="">Any</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Severity" className={fieldCls}>
          <Input name="severity" defaultValue={filters.severity ?? ''} placeholder="e.g. critical" className="w-full" autoComplete="off" />
        </Field>
        <Field label="Correlation id" className={`${fieldCls} col-span-2 md:col-span-3 xl:col-span-3`}>
          <Input name="correlationId" defaultValue={filters.correlationId ?? ''} placeholder="e.g. the RemediationRequest name" className="w-full" autoComplete="off" />
        </Field>
        <Field label="Time range" className={`${fieldCls} col-span-2`}>
          <Select name="range" value={range} onChange={(e) => setRange(e.target.value)} className="w-full">
            <option value="">Any time</option>
            {RELATIVE_RANGES.map((r) => (
              <option key={r} value={r}>
                {RANGE_LABEL[r]}
              </option>
            ))}
            {relative && filters.since && !(RELATIVE_RANGES as readonly string[]).includes(filters.since) && <option value={filters.since}>Last {filters.since}</option>}
            <option value="custom">Between (UTC)…</option>
          </Select>
        </Field>
        {range === 'custom' && (
          <>
            <Field label="From (UTC)" className={`${fieldCls} col-span-1 md:col-span-2`}>
              <Input type="datetime-local" name="from" defaultValue={relative ? '' : toLocalInput(filters.since)} className="w-full" />
            </Field>
            <Field label="To (UTC)" className={`${fieldCls} col-span-1 md:col-span-2`}>
              <Input type="datetime-local" name="to" defaultValue={toLocalInput(filters.until)} className="w-full" />
            </Field>
          </>
        )}
        <Field label="Payload field" className={fieldCls}>
          <Input name="detailKey" defaultValue={filters.detailKey ?? ''} placeholder="e.g. failure_reason" className="w-full" autoComplete="off" />
        </Field>
        <Field label="Field value" className={fieldCls}>
          <Input name="detailValue" defaultValue={filters.detailValue ?? ''} placeholder="e.g. TaskFailed" className="w-full" autoComplete="off" />
        </Field>
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
