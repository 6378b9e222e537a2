import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import type { ArchBadge } from '@/lib/schemas/readiness';
import { runWord } from './status';

const MARK: Record<string, string> = { green: '✓', red: '✗', empty: '–' };

/** One small badge per architecture that ran this tier on the cell's commit, linking to its run. */
export function ArchBadges({ arches, className }: { arches: ArchBadge[]; className?: string }) {
  if (arches.length === 0) return null;
  return (
    <ul className={cn('flex flex-wrap gap-1', className)} aria-label="Architectures">
      {arches.map((a) => (
        <li key={a.arch}>
          <Link
            href={`/readiness/runs/${a.id}`}
            className={cn(
              'inline-flex items-center gap-0.5 rounded px-1 font-mono text-[11px] leading-4 ring-1 ring-inset',
              a.status === 'green'
                ? 'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-900/60 dark:text-emerald-100 dark:ring-emerald-700'
                : a.status === 'red'
                  ? 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-900/60 dark:text-red-100 dark:ring-red-700'
                  : 'bg-amber-100 text-amber-950 ring-amber-300 dark:bg-amber-900/60 dark:text-amber-100 dark:ring-amber-700',
            )}
            aria-label={`${a.arch}: ${a.ratio} ${runWord(a.status)}`}
            title={`${a.arch}: ${a.ratio} (${runWord(a.status)})`}
          >
            <span aria-hidden="true">{MARK[a.status] ?? '?'}</span>
            {a.arch}
          </Link>
        </li>
      ))}
    </ul>
  );
}
