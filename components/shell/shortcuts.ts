/**
 * Keyboard shortcuts of the whole app: the list the help dialog shows and the pure
 * decision of which global shortcut a key press is (components/shell/command-center.tsx
 * listens). Shortcuts that belong to one widget (tabs, the timeline) are listed here too,
 * so the help is complete; their handlers stay with the widget.
 */

export type GlobalShortcut = 'palette' | 'search' | 'help';

export interface ShortcutHelp {
  /** Each key of the combination, as shown in <kbd> elements. */
  keys: readonly string[];
  action: string;
}

export interface ShortcutSection {
  title: string;
  items: readonly ShortcutHelp[];
}

/** Every shortcut, grouped as the help dialog shows them. `mod` is ⌘ on macOS, Ctrl elsewhere. */
export function shortcutSections(mod: string): ShortcutSection[] {
  return [
    {
      title: 'Anywhere',
      items: [
        { keys: [mod, 'K'], action: 'Open the command palette: jump to an execution, a remediation, a service or a page' },
        { keys: ['/'], action: 'Focus the search or filter field of the page' },
        { keys: ['?'], action: 'Show these keyboard shortcuts' },
        { keys: ['Esc'], action: 'Close the palette, this help or the connections panel' },
      ],
    },
    {
      title: 'Command palette',
      items: [
        { keys: ['↑', '↓'], action: 'Move between results' },
        { keys: ['Enter'], action: 'Open the selected result' },
      ],
    },
    {
      title: 'Lists and filters',
      items: [
        { keys: ['Enter'], action: 'Apply a filter field at once (without waiting for the pause after typing)' },
        { keys: ['↑', '↓'], action: 'Audit explorer and correlation event list: previous or next event' },
        { keys: ['←', '→', 'Home', 'End'], action: 'Tabs: previous, next, first or last tab' },
      ],
    },
    {
      title: 'Correlation timeline',
      items: [
        { keys: ['←', '→'], action: 'Previous or next event' },
        { keys: ['↑', '↓'], action: 'Event in the lane above or below' },
        { keys: ['Home', 'End'], action: 'First or last event' },
        { keys: ['+', '-'], action: 'Zoom in or out around the selected event' },
        { keys: ['0'], action: 'Show the whole correlation' },
        { keys: ['PageUp', 'PageDown'], action: 'Pan the window' },
      ],
    },
  ];
}

/** Inputs whose keys are not text: `/` and `?` pressed on them are still shortcuts. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the key press happens while the person types (where `/` and `?` are text). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const field = el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  if (!field) return false;
  return field.tagName !== 'INPUT' || !NON_TEXT_INPUTS.has((field as HTMLInputElement).type);
}

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  defaultPrevented: boolean;
}

/**
 * The global shortcut a key press means, or null. Ctrl/⌘-K works everywhere (also in a
 * field, as in other tools); `/` and `?` only outside text fields, so they can be typed.
 */
export function shortcutFor(event: KeyLike): GlobalShortcut | null {
  if (event.defaultPrevented) return null;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return 'palette';
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  if (event.key === '/') return 'search';
  if (event.key === '?') return 'help';
  return null;
}

/**
 * The page's search field: one marked `data-page-search`, else the first field of a
 * search landmark. Null when the page has none.
 */
export function pageSearchField(root: ParentNode): HTMLInputElement | null {
  return root.querySelector<HTMLInputElement>('main [data-page-search], main form[role="search"] input:not([type="hidden"])');
}
