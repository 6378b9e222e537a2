'use client';

import { memo, useEffect, useId, useRef, useState } from 'react';
import { AuditFilterSelect } from '@/components/audit/audit-filter-select';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field, Input, Select, ToggleGroup } from '@/components/ui/form';
import { formatTimestamp } from '@/components/ui/format';
import { TONE_DOT } from '@/components/ui/palette';
import {
  DISPLAY_PHASES,
  FAILURE_REASONS,
  SORT_FIELDS,
  type DisplayPhase,
  type ExecutionsUrlState,
  type PhaseCounts,
  type SortField,
} from '@/lib/schemas/executions';
import { clearFiltersPatch, hasFilter } from './list-filters';
import { PHASE_TONE } from './phase-badge';

type Patch = Partial<Record<keyof ExecutionsUrlState, unknown>>;

const SORT_LABEL: Record<SortField, string> = { created: 'Created', started: 'Started', duration: 'Duration', phase: 'Phase', name: 'Name' };

const RANGES = [
  { value: '', label: 'Any time' },
  { value: '3600000', label: 'Last hour' },
  { value: '86400000', label: 'Last 24 hours' },
  { value: '604800000', label: 'Last 7 days' },
  { value: '2592000000', label: 'Last 30 days' },
] as const;

/** A text input that reports its value after the user pauses typing. */
function DebouncedInput({
  label,
  value,
  onCommit,
  placeholder,
  type = 'text',
  list,
  className,
  testId,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  type?: 'text' | 'search';
  list?: string;
  className?: string;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  // The latest callback, so the debounce below does not restart when the parent re-renders.
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  });
  useEffect(() => {
    // A URL change from elsewhere (back button, clear) replaces what is typed.
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = text;
      commitRef.current(text);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <Field label={label} className={className}>
      <Input
        type={type}
        value={text}
        list={list}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            committed.current = text;
            onCommit(text);
          }
        }}
        data-testid={testId}
      />
    </Field>
  );
}

/** Converts an ISO time to the value of a UTC datetime-local input, and back. */
const toLocalInput = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');
const fromLocalInput = (value: string) => (value ? new Date(`${value}:00Z`).toISOString() : undefined);

/**
 * Filters and sort of the executions list; every change goes to the URL. Memoized, like
 * the phase chips below: the list re-renders on every page it appends while scrolling.
 */
export const FilterBar = memo(function FilterBar({
  state,
  onChange,
  knownNamespaces,
}: {
  state: ExecutionsUrlState;
  onChange: (patch: Patch) => void;
  knownNamespaces: string[];
}) {
  const listId = useId();
  const sortId = useId();
  const [more, setMore] = useState(Boolean(state.finishedAfter || state.finishedBefore || state.createdBefore));
  const commit = (key: 'q' | 'workflow' | 'target' | 'rr') => (value: string) => onChange({ [key]: value.trim() || undefined });
  const handlers = {
    q: commit('q'),
    workflow: commit('workflow'),
    target: commit('target'),
    rr: commit('rr'),
    namespace: (v: string) => {
      const list = v.split(',').map((x) => x.trim()).filter(Boolean);
      onChange({ namespace: list.length ? list : undefined });
    },
  };

  const anyFilter = hasFilter(state);

  return (
    <form role="search" aria-label="Filter executions" className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()}>
      <DebouncedInput label="Search" type="search" value={state.q ?? ''} onCommit={handlers.q} placeholder="Name, workflow or target" className="w-56" testId="filter-q" />
      <DebouncedInput label="Namespace" value={(state.namespace ?? []).join(',')} onCommit={handlers.namespace} placeholder="all" list={listId} className="w-40" testId="filter-namespace" />
      <datalist id={listId}>
        {knownNamespaces.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <DebouncedInput label="Workflow" value={state.workflow ?? ''} onCommit={handlers.workflow} placeholder="workflow id" className="w-40" testId="filter-workflow" />
      <DebouncedInput label="Target" value={state.target ?? ''} onCommit={handlers.target} placeholder="ns/kind/name" className="w-44" testId="filter-target" />
      <Field label="Failure reason">
        <Select value={state.reason ?? ''} onChange={(e) => onChange({ reason: e.target.value || undefined })} data-testid="filter-reason">
          <option value="">Any</option>
          {FAILURE_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
          {state.reason && !(FAILURE_REASONS as readonly string[]).includes(state.reason) && <option value={state.reason}>{state.reason}</option>}
        </Select>
      </Field>
      <DebouncedInput label="Remediation" value={state.rr ?? ''} onCommit={handlers.rr} placeholder="RemediationRequest" className="w-40" testId="filter-rr" />
      <AuditFilterSelect value={state.audit} onChange={(audit) => onChange({ audit })} />
      <label className="flex items-center gap-1.5 self-end pb-1.5 text-xs text-fg-muted" title="Execution failures that block their target until a person clears the block">
        <input type="checkbox" checked={Boolean(state.blocked)} onChange={(e) => onChange({ blocked: e.target.checked || undefined })} data-testid="filter-blocked" />
        Blocking a target
      </label>
      <Field label="Created">
        <Select
          value=""
          onChange={(e) => {
            const ms = Number(e.target.value);
            // Relative choices become absolute at once, so a shared link shows the same rows.
            onChange({ createdAfter: ms ? new Date(Date.now() - ms).toISOString() : undefined, createdBefore: undefined });
          }}
          data-testid="filter-created"
        >
          <option value="" disabled hidden>
            {state.createdAfter ? `since ${formatTimestamp(state.createdAfter).slice(0, 16)}` : 'Any time'}
          </option>
          {RANGES.map((r) => (
            <option key={r.label} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex flex-col gap-0.5 text-xs text-fg-muted">
        <label htmlFor={sortId}>Sort</label>
        <span className="flex gap-1">
          <Select id={sortId} value={state.sort} onChange={(e) => onChange({ sort: e.target.value })} data-testid="sort-field">
            {SORT_FIELDS.map((f) => (
              <option key={f} value={f}>
                {SORT_LABEL[f]}
              </option>
            ))}
          </Select>
          <Button
            variant="secondary"
            onClick={() => onChange({ order: state.order === 'asc' ? 'desc' : 'asc' })}
            title="Switch the sort order"
            data-testid="sort-order"
          >
            <span aria-hidden="true">{state.order === 'asc' ? '↑' : '↓'}</span>
            {state.order === 'asc' ? 'Ascending' : 'Descending'}
          </Button>
        </span>
      </div>
      <Button variant="ghost" onClick={() => setMore((m) => !m)} aria-expanded={more}>
        {more ? 'Fewer filters' : 'More filters'}
      </Button>
      {anyFilter && (
        <Button
          variant="ghost"
          onClick={() => onChange(clearFiltersPatch())}
          data-testid="filter-clear"
        >
          Clear filters
        </Button>
      )}
      {more && (
        <fieldset className="flex w-full flex-wrap gap-2 border-0 p-0">
          <legend className="sr-only">Time ranges (UTC)</legend>
          {(
            [
              ['createdAfter', 'Created after (UTC)'],
              ['createdBefore', 'Created before (UTC)'],
              ['finishedAfter', 'Finished after (UTC)'],
              ['finishedBefore', 'Finished before (UTC)'],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label}>
              <Input type="datetime-local" value={toLocalInput(state[key])} onChange={(e) => onChange({ [key]: fromLocalInput(e.target.value) })} data-testid={`filter-${key}`} />
            </Field>
          ))}
        </fieldset>
      )}
    </form>
  );
});

/** Counts by phase for the current filter; each is a toggle of the phase filter. */
export const PhaseCountChips = memo(function PhaseCountChips({
  counts,
  selected,
  onToggle,
}: {
  counts: PhaseCounts;
  selected: DisplayPhase[] | undefined;
  onToggle: (phase: DisplayPhase) => void;
}) {
  return (
    <ToggleGroup
      label="Filter by phase"
      pill
      testId="phase-counts"
      pressed={(p) => selected?.includes(p) ?? false}
      onToggle={onToggle}
      items={DISPLAY_PHASES.map((p) => ({
        value: p,
        testId: `phase-count-${p}`,
        label: (
          <>
            <span aria-hidden="true" className={cn('size-2 rounded-full', TONE_DOT[PHASE_TONE[p]])} />
            {p}
            <span className="tabular-nums" data-testid="count">
              {counts[p].toLocaleString('en-US')}
            </span>
          </>
        ),
      }))}
    />
  );
});
