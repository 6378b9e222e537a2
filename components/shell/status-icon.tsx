import { cn } from '@/components/ui/cn';

export type ComponentStatus = 'up' | 'down' | 'unknown';

const SHAPES: Record<ComponentStatus | 'optional-down', { className: string; path: string }> = {
  up: {
    className: 'text-emerald-600 dark:text-emerald-400',
    path: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm3.3 5.2-4 4.5a.75.75 0 0 1-1.1 0l-1.9-2a.75.75 0 1 1 1.1-1l1.35 1.4 3.45-3.9a.75.75 0 1 1 1.1 1Z',
  },
  down: {
    className: 'text-red-600 dark:text-red-400',
    path: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm2.53 8.47a.75.75 0 1 1-1.06 1.06L8 9.06l-1.47 1.47a.75.75 0 0 1-1.06-1.06L6.94 8 5.47 6.53a.75.75 0 0 1 1.06-1.06L8 6.94l1.47-1.47a.75.75 0 0 1 1.06 1.06L9.06 8l1.47 1.47Z',
  },
  'optional-down': {
    className: 'text-amber-600 dark:text-amber-400',
    path: 'M7.13 1.9a1 1 0 0 1 1.74 0l6.06 10.6A1 1 0 0 1 14.06 14H1.94a1 1 0 0 1-.87-1.5L7.13 1.9ZM7.25 6v3.5h1.5V6h-1.5Zm0 4.75v1.5h1.5v-1.5h-1.5Z',
  },
  unknown: {
    className: 'text-fg-muted',
    path: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 1.5a5.5 5.5 0 1 1 0 11 5.5 5.5 0 0 1 0-11Z',
  },
};

/**
 * A status shape (check, cross, warning triangle, hollow circle) so that status is told
 * by form as well as colour. Decorative: the text next to it carries the meaning.
 */
export function StatusIcon({ status, required = true, className }: { status: ComponentStatus; required?: boolean; className?: string }) {
  const shape = SHAPES[status === 'down' && !required ? 'optional-down' : status];
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={cn('size-3.5 shrink-0', shape.className, className)} fill="currentColor">
      <path fillRule="evenodd" d={shape.path} />
    </svg>
  );
}

export const STATUS_TEXT: Record<ComponentStatus, string> = {
  up: 'connected',
  down: 'down',
  unknown: 'status unknown',
};
