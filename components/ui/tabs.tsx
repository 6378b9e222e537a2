'use client';

import Link from 'next/link';
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from './cn';

export interface TabItem<V extends string> {
  value: V;
  label: ReactNode;
}

export interface TabsProps<V extends string> {
  /** Names the tab list for screen readers. */
  label: string;
  items: readonly TabItem<V>[];
  /** The selected tab; keep it in the URL and pass it down (the URL is the state). */
  value: V;
  onValueChange: (value: V) => void;
  /** Renders the selected panel; it gets the ids that tie it to its tab. */
  children: ReactNode;
  className?: string;
}

/**
 * WAI-ARIA tabs: Arrow keys, Home and End move between tabs (roving tabindex) and select
 * them. Controlled, so the page decides where the selection lives (usually a search param).
 */
export function Tabs<V extends string>({ label, items, value, onValueChange, children, className }: TabsProps<V>) {
  const base = useId();
  const refs = useRef(new Map<V, HTMLButtonElement>());
  const tabId = (v: V) => `${base}-tab-${v}`;
  const panelId = `${base}-panel`;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = items.findIndex((item) => item.value === value);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    const target = next === undefined ? undefined : items[next];
    if (!target) return;
    event.preventDefault();
    onValueChange(target.value);
    refs.current.get(target.value)?.focus();
  }

  return (
    <div className={className}>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 border-b border-line">
        {items.map((item) => {
          const selected = item.value === value;
          return (
            <button
              key={item.value}
              ref={(el) => {
                if (el) refs.current.set(item.value, el);
                else refs.current.delete(item.value);
              }}
              type="button"
              role="tab"
              id={tabId(item.value)}
              aria-selected={selected}
              aria-controls={panelId}
              tabIndex={selected ? 0 : -1}
              onClick={() => onValueChange(item.value)}
              className={cn(
                '-mb-px border-b-2 px-3 py-1.5 text-sm font-medium transition-colors',
                selected ? 'border-accent text-fg' : 'border-transparent text-fg-muted hover:text-fg',
              )}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={panelId} aria-labelledby={tabId(value)} tabIndex={0} className="pt-3">
        {children}
      </div>
    </div>
  );
}

export interface LinkTabItem {
  href: string;
  label: ReactNode;
  active: boolean;
}

/**
 * Navigation that looks like tabs, for views where each tab is its own URL. Links, not
 * ARIA tabs: each one can be opened in a new tab or copied.
 */
export function LinkTabs({ label, items, className }: { label: string; items: readonly LinkTabItem[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn('flex gap-1 border-b border-line', className)}>
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.active ? 'page' : undefined}
          className={cn(
            '-mb-px border-b-2 px-3 py-1.5 text-sm font-medium transition-colors',
            item.active ? 'border-accent text-fg' : 'border-transparent text-fg-muted hover:text-fg',
          )}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
