/**
 * Colours and tones for audit enums, as exhaustive maps with a neutral fallback so a value
 * from a newer Kubernaut still renders.
 */
import type { BadgeTone } from '@/components/ui/badge';
import type { AuditOutcome } from '@/lib/schemas/audit';
import type { ConformanceStatus, ExpectationState } from '@/lib/audit/conformance';

export const OUTCOME_TONE: Record<AuditOutcome, BadgeTone> = {
  success: 'success',
  failure: 'danger',
  pending: 'warning',
};

export function outcomeTone(outcome: string): BadgeTone {
  return (OUTCOME_TONE as Record<string, BadgeTone | undefined>)[outcome] ?? 'neutral';
}

/** Fill colours of timeline marks per outcome: [light theme, dark theme]. */
export const OUTCOME_COLOR: Record<AuditOutcome | 'other', readonly [string, string]> = {
  success: ['#059669', '#34d399'],
  failure: ['#dc2626', '#f87171'],
  pending: ['#d97706', '#fbbf24'],
  other: ['#64748b', '#94a3b8'],
};

export function outcomeColor(outcome: string, dark: boolean): string {
  const pair = (OUTCOME_COLOR as Record<string, readonly [string, string] | undefined>)[outcome] ?? OUTCOME_COLOR.other;
  return pair[dark ? 1 : 0];
}

export const CONFORMANCE_TONE: Record<ConformanceStatus, BadgeTone> = {
  ok: 'success',
  issues: 'danger',
  pending: 'warning',
  unknown: 'neutral',
};

export const CONFORMANCE_LABEL: Record<ConformanceStatus, string> = {
  ok: 'Complete',
  issues: 'Issues',
  pending: 'Pending',
  unknown: 'Unknown',
};

export const EXPECTATION_TONE: Record<ExpectationState, BadgeTone> = {
  ok: 'success',
  duplicate: 'danger',
  pending: 'warning',
  missing: 'danger',
  unexpected: 'danger',
  'not-expected': 'neutral',
};

export const EXPECTATION_LABEL: Record<ExpectationState, string> = {
  ok: 'Present once',
  duplicate: 'Duplicated',
  pending: 'Not yet (grace period)',
  missing: 'Missing',
  unexpected: 'Unexpected',
  'not-expected': 'Not expected',
};
