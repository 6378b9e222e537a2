/**
 * What a log line should say about the request it belongs to (the request id, and the
 * person once sign-in exists), carried through every await and timer of the request by
 * AsyncLocalStorage. One store per process: Next.js loads this module once per bundle.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** Who the request acts for ("viewing as"). */
  user?: string;
}

// On globalThis directly, not through lib/singleton.ts, which uses this module.
const KEY = Symbol.for('flightdeck.requestContext');
const storage = (): AsyncLocalStorage<RequestContext> => {
  const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
  return (g[KEY] ??= new AsyncLocalStorage<RequestContext>());
};

/** Runs `fn` with `ctx` as the current request context. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage().run(ctx, fn);
}

/** The context of the request being served, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage().getStore();
}

/**
 * Runs `fn` outside any request context: background work a request merely started (a
 * watch cache, a poller) must not log that request's id for the rest of its life.
 */
export function outsideRequestContext<T>(fn: () => T): T {
  return storage().exit(fn);
}
