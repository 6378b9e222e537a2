'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useTransition } from 'react';
import type { UrlCodec } from '@/lib/url-state';

/**
 * How a new state reaches the address bar. `push` adds a history entry (Back returns to
 * the previous state) and `replace` does not; both render the server page again, which
 * reads the same state. `in-place` only rewrites the address, for view state the server
 * does not read (a selection, a zoom window): Next.js syncs useSearchParams with the
 * native History API, so no request is made.
 */
export type UrlWrite = 'push' | 'replace' | 'in-place';

/**
 * The page's state in its URL, through the page's codec (lib/url-state). `href` builds
 * the address of a state (for a copied link), `write` goes there, and `pending` is true
 * while a `push` or `replace` waits for the server.
 */
export function useUrlState<T>(codec: UrlCodec<T>) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const state = useMemo(() => codec.parse(new URLSearchParams(searchParams.toString())), [codec, searchParams]);

  const href = useCallback(
    (next: T) => {
      const qs = codec.serialize(next).toString();
      return qs ? `${pathname}?${qs}` : pathname;
    },
    [codec, pathname],
  );

  const write = useCallback(
    (next: T, how: UrlWrite) => {
      const target = href(next);
      if (how === 'in-place') window.history.replaceState(null, '', target);
      else startTransition(() => (how === 'push' ? router.push(target, { scroll: false }) : router.replace(target, { scroll: false })));
    },
    [href, router],
  );

  return { state, href, write, pending };
}
