'use client';

import { useTheme } from 'next-themes';
import { useSyncExternalStore } from 'react';
import { cn } from '@/components/ui/cn';

type ThemeChoice = 'light' | 'dark' | 'system';

const OPTIONS: ReadonlyArray<{ value: ThemeChoice; label: string; icon: string }> = [
  {
    value: 'light',
    label: 'Light',
    icon: 'M8 4.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7ZM8 0a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0V.75A.75.75 0 0 1 8 0Zm0 13a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5A.75.75 0 0 1 8 13ZM0 8a.75.75 0 0 1 .75-.75h1.5a.75.75 0 0 1 0 1.5H.75A.75.75 0 0 1 0 8Zm13 0a.75.75 0 0 1 .75-.75h1.5a.75.75 0 0 1 0 1.5h-1.5A.75.75 0 0 1 13 8ZM2.34 2.34a.75.75 0 0 1 1.06 0l1.06 1.06a.75.75 0 0 1-1.06 1.06L2.34 3.4a.75.75 0 0 1 0-1.06Zm9.2 9.2a.75.75 0 0 1 1.06 0l1.06 1.06a.75.75 0 1 1-1.06 1.06l-1.06-1.06a.75.75 0 0 1 0-1.06Zm2.12-9.2a.75.75 0 0 1 0 1.06l-1.06 1.06a.75.75 0 0 1-1.06-1.06l1.06-1.06a.75.75 0 0 1 1.06 0Zm-9.2 9.2a.75.75 0 0 1 0 1.06L3.4 13.66a.75.75 0 0 1-1.06-1.06l1.06-1.06a.75.75 0 0 1 1.06 0Z',
  },
  {
    value: 'dark',
    label: 'Dark',
    icon: 'M6.2 1.1a.75.75 0 0 1 .2.8 5.5 5.5 0 0 0 7.7 6.7.75.75 0 0 1 1 1A7 7 0 1 1 5.4.9a.75.75 0 0 1 .8.2Z',
  },
  {
    value: 'system',
    label: 'System',
    icon: 'M1.75 2A1.75 1.75 0 0 0 0 3.75v7.5C0 12.22.78 13 1.75 13h4.5v1H4.5a.75.75 0 0 0 0 1.5h7a.75.75 0 0 0 0-1.5H9.75v-1h4.5c.97 0 1.75-.78 1.75-1.75v-7.5C16 2.78 15.22 2 14.25 2H1.75Zm0 1.5h12.5c.14 0 .25.11.25.25v7.5a.25.25 0 0 1-.25.25H1.75a.25.25 0 0 1-.25-.25v-7.5c0-.14.11-.25.25-.25Z',
  },
];

const noopSubscribe = () => () => undefined;

/** True after hydration; the stored theme is only known in the browser. */
function useHydrated(): boolean {
  return useSyncExternalStore(noopSubscribe, () => true, () => false);
}

/**
 * Light / dark / system as a native radio group: arrow keys move the choice, the legend
 * names the group, and each option has a text label for screen readers and a tooltip.
 */
export function ThemeSwitcher() {
  const { theme, setTheme } = useTheme();
  const hydrated = useHydrated();
  return (
    <fieldset className="flex h-8 items-center rounded-md border border-line bg-surface p-0.5" data-testid="theme-switcher">
      <legend className="sr-only">Theme</legend>
      {OPTIONS.map((option) => (
        <label
          key={option.value}
          title={option.label}
          className={cn(
            'flex size-7 cursor-pointer items-center justify-center rounded text-fg-muted hover:text-fg',
            'has-[:checked]:bg-surface-2 has-[:checked]:text-fg',
            'has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-focus',
          )}
        >
          <input
            type="radio"
            name="theme"
            value={option.value}
            className="sr-only"
            checked={hydrated && theme === option.value}
            onChange={() => setTheme(option.value)}
          />
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="currentColor">
            <path fillRule="evenodd" d={option.icon} />
          </svg>
          <span className="sr-only">{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
