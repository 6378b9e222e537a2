/** Joins class names, skipping falsy ones (no clsx dependency for one line of logic). */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}
