'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorState } from '@/components/ui/states';

/**
 * Fallback for a page that failed to render. In production, server errors arrive with a
 * generic message and a digest that matches the server log, so the digest is shown.
 */
export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">This page could not be shown</h1>
      <ErrorState
        title="Something went wrong while loading this page"
        message="The error was logged on the server. Trying again often helps when an upstream was briefly unavailable."
        reference={digest}
        action={<Button onClick={() => retry()}>Try again</Button>}
      />
    </div>
  );
}
