import Link from 'next/link';
import { ConnectionIndicator } from './connection-indicator';
import { Logo } from './logo';
import { NavLinks } from './nav-links';
import { ThemeSwitcher } from './theme-switcher';

/** The top bar: brand, main navigation, connection status and theme. */
export function AppHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-surface">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
        <Link href="/" className="flex items-center gap-2 rounded-md text-sm font-semibold text-fg">
          <Logo className="size-6" />
          Flightdeck
        </Link>
        <NavLinks className="order-last w-full overflow-x-auto md:order-none md:w-auto" />
        <div className="ml-auto flex items-center gap-2">
          <ConnectionIndicator />
          <ThemeSwitcher />
        </div>
      </div>
    </header>
  );
}
