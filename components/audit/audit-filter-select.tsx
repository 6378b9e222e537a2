'use client';

import { Field, Select } from '@/components/ui/form';
import { CONFORMANCE_FILTERS, type ConformanceFilter } from '@/lib/schemas/audit';
import { CONFORMANCE_LABEL } from './tones';

const HINT: Record<ConformanceFilter, string> = {
  issues: 'missing, duplicated or malformed events',
  pending: 'within the grace period',
  ok: 'complete',
  unknown: 'not checked',
};

/** The executions list's audit-conformance filter (one status, or any). */
export function AuditFilterSelect({ value, onChange }: { value: readonly ConformanceFilter[] | undefined; onChange: (value: ConformanceFilter[] | undefined) => void }) {
  const current = value?.length === 1 ? value[0] : value?.length ? value.join(',') : '';
  return (
    <Field label="Audit trail">
      <Select
        value={current}
        onChange={(e) => onChange(e.target.value ? (e.target.value.split(',') as ConformanceFilter[]) : undefined)}
        data-testid="filter-audit"
      >
        <option value="">Any</option>
        {CONFORMANCE_FILTERS.map((f) => (
          <option key={f} value={f}>
            {CONFORMANCE_LABEL[f]} ({HINT[f]})
          </option>
        ))}
        {value && value.length > 1 && <option value={current}>{value.map((v) => CONFORMANCE_LABEL[v]).join(' or ')}</option>}
      </Select>
    </Field>
  );
}
