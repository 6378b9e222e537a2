/**
 * The URL state of each page, one codec per page: the server page parses its search
 * params with it, the client reads and writes the address with it (hooks/use-url-state),
 * so a copied link reopens the same view. Parsing never fails: an invalid value is
 * dropped (a hand-edited link still opens the page).
 */
import { auditFiltersToSearchParams, correlationViewParamsSchema, parseAuditUrlState, type AuditUrlState, type CorrelationViewParams } from '@/lib/schemas/audit';
import { parseUrlState, urlStateToSearchParams, type ExecutionsUrlState } from '@/lib/schemas/executions';
import { overviewQuerySchema, runPageStateSchema, type RunPageState } from '@/lib/schemas/readiness';

/** Search params as Next.js hands them to a page, or as the browser has them. */
export type RawSearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

export interface UrlCodec<T> {
  parse(raw: RawSearchParams): T;
  serialize(state: T): URLSearchParams;
}

/** A record of the params; a repeated key becomes a list, as Next.js gives it to a page. */
export function searchParamsRecord(raw: RawSearchParams): Record<string, string | string[] | undefined> {
  if (!(raw instanceof URLSearchParams)) return raw;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(raw.keys())) {
    const all = raw.getAll(key);
    out[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return out;
}

function first(raw: RawSearchParams, key: string): string | undefined {
  const v = searchParamsRecord(raw)[key];
  return Array.isArray(v) ? v[0] : v;
}

/** /executions: filters and sort. */
export const executionsUrlState: UrlCodec<ExecutionsUrlState> = {
  parse: (raw) => parseUrlState(searchParamsRecord(raw)),
  serialize: (state) => urlStateToSearchParams(state),
};

/** /audit: filters, page and the selected event. */
export const auditUrlState: UrlCodec<AuditUrlState> = {
  parse: (raw) => parseAuditUrlState(searchParamsRecord(raw)),
  serialize: (state) => {
    const params = auditFiltersToSearchParams(state.filters);
    if (state.event) params.set('event', state.event);
    return params;
  },
};

/** /correlations/{id}: the selected event and the zoom window. */
export const correlationUrlState: UrlCodec<CorrelationViewParams> = {
  parse: (raw) => correlationViewParamsSchema.parse(Object.fromEntries(Object.entries(searchParamsRecord(raw)).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))),
  serialize: (state) => {
    const params = new URLSearchParams();
    if (state.event) params.set('event', state.event);
    if (state.from && state.to) {
      params.set('from', state.from);
      params.set('to', state.to);
    }
    return params;
  },
};

const DEFAULT_RUN_STATE = runPageStateSchema.parse({});

/** /readiness/runs/{id}: the open failure group and the history window. */
export const runUrlState: UrlCodec<RunPageState> = {
  parse: (raw) => runPageStateSchema.parse({ group: first(raw, 'group'), history: first(raw, 'history') }),
  serialize: (state) => {
    const params = new URLSearchParams();
    if (state.group) params.set('group', state.group);
    if (state.history !== DEFAULT_RUN_STATE.history) params.set('history', String(state.history));
    return params;
  },
};

/** /readiness: the branch (null: all branches). */
export const readinessUrlState: UrlCodec<{ branch: string | null }> = {
  parse: (raw) => {
    const parsed = overviewQuerySchema.safeParse({ branch: first(raw, 'branch') });
    return { branch: parsed.success ? (parsed.data.branch ?? null) : null };
  },
  serialize: (state) => new URLSearchParams(state.branch ? { branch: state.branch } : {}),
};
