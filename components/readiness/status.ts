/**
 * How readiness states look: exhaustive maps from each state to a badge tone and words,
 * so a new state fails the type check; unknown values from a newer server fall back to
 * a neutral look.
 */
import type { BadgeTone } from '@/components/ui/badge';
import type { CaseStatus, InfraScope, RunStatus } from '@/lib/schemas/readiness';

const RUN_TONE: Record<RunStatus, BadgeTone> = { green: 'success', red: 'danger', empty: 'warning' };
const RUN_WORD: Record<RunStatus, string> = { green: 'passing', red: 'failing', empty: 'nothing ran' };

export function runTone(status: string): BadgeTone {
  return (RUN_TONE as Record<string, BadgeTone | undefined>)[status] ?? 'neutral';
}

export function runWord(status: string): string {
  return (RUN_WORD as Record<string, string | undefined>)[status] ?? status;
}

const CASE_TONE: Record<CaseStatus, BadgeTone> = { passed: 'success', failed: 'danger', error: 'danger', skipped: 'neutral' };

export function caseTone(status: string): BadgeTone {
  return (CASE_TONE as Record<string, BadgeTone | undefined>)[status] ?? 'neutral';
}

const SCOPE_LABEL: Record<InfraScope, string> = {
  kubernetes: 'Kubernetes',
  deployment: 'Deployment',
  pod: 'Pod',
  crd: 'CRD',
  datastorage: 'Data Storage',
};

export function scopeLabel(scope: string): string {
  return (SCOPE_LABEL as Record<string, string | undefined>)[scope] ?? scope;
}

/** Cell colours of the matrix: a tinted surface with text that keeps AA contrast in both themes. */
const CELL: Record<RunStatus, string> = {
  green: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100',
  red: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100',
  empty: 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100',
};

export function cellClass(status: string): string {
  return (CELL as Record<string, string | undefined>)[status] ?? 'border-line bg-surface-2 text-fg';
}


/** The id of a service's row in the readiness matrix (`/readiness#service-…` scrolls to it). */
export function serviceAnchor(service: string): string {
  return `service-${service}`;
}
