'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from 'next-themes';
import { useState, type ReactNode } from 'react';
import { z } from 'zod';
import { makeQueryClient } from './query-client';

// zod probes for eval (`new Function`) before its first object parse; under the nonce CSP
// the browser reports that probe as a violation even though zod catches it. Browser only:
// the server has no CSP and keeps zod's faster compiled parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });

/** Client-side context for the whole app: theme (class on <html>) and the query cache. */
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  // One client per browser session; useState keeps it across re-renders, and on the
  // server each request renders its own, so no cache is shared between users.
  const [queryClient] = useState(makeQueryClient);
  return (
    <ThemeProvider nonce={nonce} attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange storageKey="flightdeck-theme">
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ThemeProvider>
  );
}
