import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from './cn';

/**
 * Dense data table pieces. `Table` wraps the element in a horizontally scrollable,
 * focusable region so wide tables stay usable with the keyboard; give it an
 * `aria-label` (or a `<caption>`) that names the data.
 */
export function Table({
  className,
  containerClassName,
  'aria-label': ariaLabel,
  ...props
}: HTMLAttributes<HTMLTableElement> & { containerClassName?: string }) {
  return (
    <div
      className={cn('overflow-x-auto rounded-lg border border-line bg-surface', containerClassName)}
      role={ariaLabel ? 'region' : undefined}
      aria-label={ariaLabel}
      // Scrollable regions must be reachable by keyboard (axe: scrollable-region-focusable).
      tabIndex={0}
    >
      <table className={cn('w-full border-collapse text-left text-sm', className)} aria-label={ariaLabel} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn('bg-surface-2 text-xs text-fg-muted', className)} {...props} />;
}

export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn('divide-y divide-line', className)} {...props} />;
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn('hover:bg-surface-2/60', className)} {...props} />;
}

/** A column header; `scope="col"` by default. Pass `aria-sort` on the sorted column. */
export function Th({ className, scope = 'col', ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn('px-3 py-2 font-medium whitespace-nowrap', className)} {...props} />;
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn('px-3 py-1.5 align-middle', className)} {...props} />;
}
