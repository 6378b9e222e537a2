import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

/** A bordered surface that groups related content. */
export function Card({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={cn('rounded-lg border border-line bg-surface', className)} {...props} />;
}

export interface CardHeaderProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  title: ReactNode;
  description?: ReactNode;
  /** Controls on the right side of the header (buttons, filters). */
  actions?: ReactNode;
  /** Heading level of the title; pick the one that fits the page outline. */
  as?: 'h2' | 'h3' | 'h4';
}

export function CardHeader({ title, description, actions, as: Heading = 'h2', className, ...props }: CardHeaderProps) {
  return (
    <div className={cn('flex items-start justify-between gap-3 border-b border-line px-4 py-3', className)} {...props}>
      <div className="min-w-0">
        <Heading className="text-sm font-semibold text-fg">{title}</Heading>
        {description && <p className="mt-0.5 text-xs text-fg-muted">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
  );
}

export function CardBody({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('px-4 py-3', className)} {...props} />;
}
