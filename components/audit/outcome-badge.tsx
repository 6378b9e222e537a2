import { Badge } from '@/components/ui/badge';
import { outcomeTone } from './tones';

/** An event outcome (success, failure, pending, or an unknown value in neutral). */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge tone={outcomeTone(outcome)} dot>
      {outcome || 'unknown'}
    </Badge>
  );
}
