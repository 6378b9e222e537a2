/**
 * Tones and labels for audit enums, as exhaustive maps with a neutral fallback so a value
 * from a newer Kubernaut still renders. A tone's colour comes from the one palette
 * (components/ui/palette.ts).
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
