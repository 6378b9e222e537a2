import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { cn } from './cn';

/**
 * Form controls shared by the filter bars: one look for inputs and selects, a labelled
 * field, and a group of toggle buttons.
 */
const controlClass =
  'h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg placeholder:text-fg-muted focus-visible:outline-2 focus-visible:outline-focus';

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(controlClass, className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(controlClass, className)} {...props} />;
}

/** A label above its control; the label wraps the control, so it names it. */
export function Field({ label, className, children }: { label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <label className={cn('flex min-w-0 flex-col gap-0.5 text-xs text-fg-muted', className)}>
      {label}
      {children}
    </label>
  );
}

export interface ToggleItem<T extends string | number> {
  value: T;
  label: ReactNode;
  testId?: string;
}

/**
 * Buttons that each toggle one value (aria-pressed), in a labelled group. `pill` is the
 * rounded chip look of filters; the default is the compact segmented look.
 */
export function ToggleGroup<T extends string | number>({
  label,
  items,
  pressed,
  onToggle,
  pill,
  className,
  testId,
}: {
  label: string;
  items: readonly ToggleItem<T>[];
  pressed: (value: T) => boolean;
  onToggle: (value: T) => void;
  pill?: boolean;
  className?: string;
  testId?: string;
}) {
  return (
    <div role="group" aria-label={label} className={cn('flex flex-wrap', pill ? 'gap-1.5' : 'gap-1', className)} data-testid={testId}>
      {items.map((item) => {
        const on = pressed(item.value);
        return (
          <button
            key={item.value}
            type="button"
            aria-pressed={on}
            onClick={() => onToggle(item.value)}
            data-testid={item.testId}
            className={cn(
              'border transition-colors',
              pill ? 'inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium' : 'rounded-md px-2 py-0.5 text-xs',
              on ? 'border-accent bg-accent text-accent-fg' : 'border-line-strong bg-surface text-fg hover:bg-surface-2',
            )}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
