import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * The one way a page hands server-read data to the browser: the page writes what it
 * read into a request-scoped QueryClient under the keys of lib/queries (so the types
 * match), and renders its client view inside <Hydrated>. The view's queries then start
 * with that data, in the first HTML and after hydration, instead of fetching it again.
 */
export function serverQueryClient(): QueryClient {
  return new QueryClient();
}

export function Hydrated({ client, children }: { client: QueryClient; children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
