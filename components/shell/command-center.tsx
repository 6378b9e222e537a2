'use client';

/**
 * The header's search button and the app's global keyboard shortcuts: Ctrl/⌘-K opens the
 * command palette, `/` focuses the page's search field and `?` opens the shortcuts help
 * (components/shell/shortcuts.ts decides which key press is which).
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { CommandPalette } from './command-palette';
import { pageSearchField, shortcutFor } from './shortcuts';
import { ShortcutsHelp } from './shortcuts-help';

const noSubscribe = () => () => {};

/** "⌘" on Apple systems, "Ctrl" elsewhere (and on the server, so hydration agrees first). */
function useModifierLabel(): string {
  return useSyncExternalStore(
    noSubscribe,
    () => (/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'),
    () => 'Ctrl',
  );
}

export function CommandCenter() {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);
  const mod = useModifierLabel();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      if (shortcut === 'palette') {
        event.preventDefault();
        setHelp(false);
        setPalette((open) => !open);
        return;
      }
      // Behind an open dialog the page is inert: leave the key to the dialog.
      if (document.querySelector('dialog[open]')) return;
      if (shortcut === 'help') {
        event.preventDefault();
        setHelp(true);
        return;
      }
      const field = pageSearchField(document);
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.select();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => setPalette(true)}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex h-8 items-center gap-2 rounded-md border border-line bg-surface px-2 text-xs text-fg-muted hover:bg-surface-2 hover:text-fg"
        data-testid="open-command-palette"
      >
        <span>Search</span>
        <kbd className="rounded border border-line px-1 font-sans" aria-hidden="true">
          {mod} K
        </kbd>
      </button>
      <button
        type="button"
        onClick={() => setHelp(true)}
        aria-keyshortcuts="?"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        className="hidden h-8 w-8 items-center justify-center rounded-md border border-line bg-surface text-xs text-fg-muted hover:bg-surface-2 hover:text-fg sm:flex"
        data-testid="open-shortcuts-help"
      >
        ?
      </button>
      <CommandPalette open={palette} onClose={() => setPalette(false)} />
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} mod={mod} />
    </>
  );
}
