'use client';

import { Button } from '@/components/ui/button';
import { useClipboard } from '@/hooks/use-clipboard';

/**
 * Copies a link computed at click time (so relative times are frozen to the moment of
 * sharing, not of rendering) and says so in a live region.
 */
export function CopyLinkButton({ getUrl, label = 'Copy link', testId }: { getUrl: () => string; label?: string; testId?: string }) {
  const { state, copy } = useClipboard();

  return (
    <Button size="sm" onClick={() => copy(getUrl())} data-testid={testId} title={label}>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
        <path d="M6.5 9.5 9.5 6.5M7 4.5l1-1a2.8 2.8 0 0 1 4 4l-1 1M9 11.5l-1 1a2.8 2.8 0 0 1-4-4l1-1" strokeLinecap="round" />
      </svg>
      {label}
      <span aria-live="polite" className={state === 'idle' ? 'sr-only' : 'text-xs text-fg-muted'}>
        {state === 'copied' ? '· copied' : state === 'failed' ? '· copy failed' : ''}
      </span>
    </Button>
  );
}
