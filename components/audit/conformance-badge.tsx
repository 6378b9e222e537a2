import { Badge } from '@/components/ui/badge';
import type { ConformanceStatus } from '@/lib/audit/conformance';
import { CONFORMANCE_LABEL, CONFORMANCE_TONE } from './tones';

/** Audit conformance of an execution in one badge; the problems are in the tooltip. */
export function ConformanceBadge({ status, problems = [], prefix = true }: { status: ConformanceStatus; problems?: readonly string[]; prefix?: boolean }) {
  const tone = CONFORMANCE_TONE[status] ?? 'neutral';
  const label = CONFORMANCE_LABEL[status] ?? status;
  return (
    <Badge tone={tone} dot title={problems.length ? problems.join('\n') : undefined} data-testid="conformance-badge" data-status={status}>
      {prefix ? `Audit: ${label}` : label}
      {problems.length > 0 && <span className="sr-only">: {problems.join('; ')}</span>}
    </Badge>
  );
}
