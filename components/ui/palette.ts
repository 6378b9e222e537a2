/**
 * The status palette: each tone's solid colour is a CSS variable set for both themes in
 * app/globals.css. Dots use the Tailwind classes, SVG charts the `var()` value, and
 * canvases read the current value (they cannot resolve CSS themselves).
 */
import type { BadgeTone } from './badge';

/** Tailwind background class of a tone's dot. */
export const TONE_DOT: Record<BadgeTone, string> = {
  neutral: 'bg-tone-neutral',
  info: 'bg-tone-info',
  success: 'bg-tone-success',
  warning: 'bg-tone-warning',
  danger: 'bg-tone-danger',
  accent: 'bg-tone-accent',
};

/** A tone's colour as a CSS value for SVG `fill`/`stroke` (Recharts series, sparklines). */
export function toneColor(tone: BadgeTone): string {
  return `var(--fd-tone-${tone})`;
}

/** A CSS variable's current value on the page (for canvas drawing); `fallback` before styles load. */
export function readCssVar(name: string, fallback = 'currentColor'): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A tone's current colour, resolved for a canvas. */
export function readToneColor(tone: BadgeTone): string {
  return readCssVar(`--fd-tone-${tone}`);
}
