'use client';

import './globals.css';

/**
 * Replaces the root layout when the layout itself failed, so it renders its own document.
 * next-themes is not running here; globals.css follows the OS colour scheme instead.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <html lang="en">
      <body>
        <title>Error · Flightdeck</title>
        <main className="mx-auto max-w-xl space-y-3 px-4 py-16">
          <h1 className="text-lg font-semibold">Flightdeck could not start this page</h1>
          <p className="text-sm text-fg-muted">
            The error was logged on the server.{digest ? ' Quote this reference when reporting it: ' : ''}
            {digest && <code className="select-all">{digest}</code>}
          </p>
          <button
            type="button"
            onClick={() => retry()}
            className="h-8 rounded-md border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-surface-2"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
