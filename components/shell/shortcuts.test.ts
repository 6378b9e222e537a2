import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; defaultPrevented: boolean }> = {}, target: EventTarget | null = null) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target,
  ...mods,
});

describe('shortcutFor', () => {
  it('opens the palette with Ctrl-K and ⌘-K (either case), not with Alt', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('palette');
    expect(shortcutFor(key('K', { metaKey: true }))).toBe('palette');
    expect(shortcutFor(key('k', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('k'))).toBeNull();
  });

  it('maps / to the page search and ? to the help, without modifiers', () => {
    expect(shortcutFor(key('/'))).toBe('search');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('/', { ctrlKey: true }))).toBeNull();
  });

  it('leaves a key another handler already took', () => {
    expect(shortcutFor(key('/', { defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('k', { ctrlKey: true, defaultPrevented: true }))).toBeNull();
  });
});
