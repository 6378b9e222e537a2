'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider } from 'next-themes';
import { useState, type ReactNode } from 'react';
import { makeQueryClient } from './query-client';

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
