'use client';

import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

export const NAV_ITEMS = [
  { href: '/executions', label: 'Executions' },
  { href: '/audit', label: 'Audit' },
  { href: '/correlations', label: 'Correlations' },
  { href: '/readiness', label: 'Readiness' },
] as const;

/** Whether `href` is the current section (the page itself or anything below it). */
export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * A link's pending mark: pages without a loading boundary (the audit explorer) render
 * before they show, so the nav says a navigation is under way meanwhile.
 */
function PendingMark() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden="true"
      className={cn('pointer-events-none absolute top-1 right-1 size-1.5 rounded-full bg-accent transition-opacity', pending ? 'animate-pulse opacity-100' : 'opacity-0')}
    />
  );
}

/** The main navigation; the current section is marked with aria-current="page". */
export function NavLinks({ className }: { className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className={className}>
      <ul className="flex items-center gap-0.5">
        {NAV_ITEMS.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'relative block rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors',
                  active ? 'bg-surface-2 text-fg' : 'text-fg-muted hover:bg-surface-2 hover:text-fg',
                )}
              >
                {item.label}
                <PendingMark />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
