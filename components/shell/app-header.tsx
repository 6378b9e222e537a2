import Link from 'next/link';
import type { Viewer } from '@/lib/route';
import { CommandCenter } from './command-center';
import { ConnectionIndicator } from './connection-indicator';
import { Logo } from './logo';
import { NavLinks } from './nav-links';
import { ThemeSwitcher } from './theme-switcher';

/** The top bar: brand, main navigation, search (command palette), who you are, connection status and theme. */
export function AppHeader({ viewer }: { viewer: Viewer | null }) {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
        <Link href="/" className="flex items-center gap-2 rounded-md text-sm font-semibold text-fg">
          <Logo className="size-6" />
          Flightdeck
        </Link>
        <NavLinks className="order-last w-full overflow-x-auto md:order-none md:w-auto" />
        <div className="ml-auto flex items-center gap-2">
          <CommandCenter />
          {viewer && <ViewerBadge viewer={viewer} />}
          <ConnectionIndicator />
          <ThemeSwitcher />
        </div>
      </div>
    </header>
  );
}

/** "Viewing as …" with sign-out where the mode has one (a form post in token mode). */
function ViewerBadge({ viewer }: { viewer: Viewer }) {
  const signOutClass = 'rounded-md px-2 py-1 text-xs text-fg-muted underline-offset-2 hover:text-fg hover:underline';
  return (
    <div className="flex items-center gap-1 text-xs text-fg-muted" data-testid="viewer">
      <span>
        viewing as <span className="font-medium text-fg">{viewer.display}</span>
      </span>
      {viewer.signOut?.method === 'post' && (
        <form method="post" action={viewer.signOut.href}>
          <button type="submit" className={signOutClass}>
            Sign out
          </button>
        </form>
      )}
      {viewer.signOut?.method === 'get' && (
        <a href={viewer.signOut.href} className={signOutClass}>
          Sign out
        </a>
      )}
    </div>
  );
}
