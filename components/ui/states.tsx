import type { ReactNode } from 'react';
import { cn } from './cn';

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** A next step: a link to clear filters, widen the time range, etc. */
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}

/** Shown when a query succeeded but returned nothing; says why and what to try. */
export function EmptyState({ title, description, action, icon, className }: EmptyStateProps) {
  return (
    <div
      className={cn(
        'flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-line-strong px-6 py-10 text-center',
        className,
      )}
    >
      {icon && <div aria-hidden="true" className="text-fg-muted">{icon}</div>}
      <p className="text-sm font-medium text-fg">{title}</p>
      {description && <div className="max-w-prose text-sm text-fg-muted">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

export interface ErrorStateProps {
  title?: ReactNode;
  /** A safe message (an AppError's `detail`), never a raw upstream error. */
  message?: ReactNode;
  /** Server log correlation: the problem's request id or an error digest. */
  reference?: string;
  /** Usually a "Try again" button. */
  action?: ReactNode;
  className?: string;
}

/** Shown when loading failed; announced to screen readers as an alert. */
export function ErrorState({ title = 'Something went wrong', message, reference, action, className }: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col gap-2 rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900',
        'dark:border-red-900 dark:bg-red-950/50 dark:text-red-100',
        className,
      )}
    >
      <p className="flex items-center gap-2 text-sm font-semibold">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0" fill="currentColor">
          <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.75 3.5h1.5v5h-1.5v-5Zm0 6h1.5V12h-1.5v-1.5Z" />
        </svg>
        {title}
      </p>
      {message && <div className="text-sm">{message}</div>}
      {reference && (
        <p className="text-xs">
          Reference: <code className="select-all">{reference}</code>
        </p>
      )}
      {action && <div className="mt-1">{action}</div>}
    </div>
  );
}

/** An indeterminate spinner with a text label for screen readers. */
export function Spinner({ label = 'Loading', className }: { label?: string; className?: string }) {
  return (
    <span role="status" className={cn('inline-flex items-center gap-2 text-fg-muted', className)}>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 animate-spin" fill="none">
        <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
        <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/**
 * A region whose content is loading: busy for assistive technology, announced by
 * `label`, shaped by the skeletons it holds.
 */
export function LoadingState({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={cn('space-y-3', className)} aria-busy="true">
      <span role="status" className="sr-only">
        {label}
      </span>
      {children}
    </div>
  );
}

/** A placeholder block while content loads; size it with classes (`h-4 w-32`). */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded bg-line', className)} />;
}
