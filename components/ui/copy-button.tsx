'use client';

import { useClipboard } from '@/hooks/use-clipboard';
import { Button, type ButtonSize } from './button';

/**
 * Copies `value` to the clipboard and says so ("Copied") in a live region. `label`
 * names what is copied ("Copy correlation id").
 */
export function CopyButton({
  value,
  label = 'Copy',
  size = 'sm',
  className,
}: {
  value: string;
  label?: string;
  size?: ButtonSize;
  className?: string;
}) {
  const { state, copy } = useClipboard();

  return (
    <Button variant="ghost" size={size} onClick={() => copy(value)} className={className} aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        {state === 'copied' ? (
          <path d="M3 8.5 6.5 12 13 4.5" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <>
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-.5A1.5 1.5 0 0 0 9 1.5H3A1.5 1.5 0 0 0 1.5 3v6A1.5 1.5 0 0 0 3 10.5h.5" />
          </>
        )}
      </svg>
      <span aria-live="polite" className={state === 'idle' ? 'sr-only' : 'text-xs'}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </Button>
  );
}
