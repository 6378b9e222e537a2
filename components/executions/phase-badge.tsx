import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { DisplayPhase } from '@/lib/schemas/executions';

/** Tone per phase; a phase from a newer Kubernaut renders as Unknown (neutral). */
export const PHASE_TONE: Record<DisplayPhase, BadgeTone> = {
  Pending: 'warning',
  Running: 'info',
  Completed: 'success',
  Failed: 'danger',
  Unknown: 'neutral',
};

/** The phase of an execution as a badge; the raw value shows when it is not one we know. */
export function PhaseBadge({ phase, rawPhase, invalid }: { phase: DisplayPhase; rawPhase?: string; invalid?: boolean }) {
  const p: DisplayPhase = phase in PHASE_TONE ? phase : 'Unknown';
  const text = invalid ? 'Invalid' : p === 'Unknown' && rawPhase ? rawPhase : p;
  return (
    <Badge tone={invalid ? 'neutral' : PHASE_TONE[p]} dot data-testid="phase-badge" data-phase={p}>
      {text}
    </Badge>
  );
}
