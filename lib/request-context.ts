/**
 * What a log line should say about the request it belongs to (the request id, and the
 * person once sign-in exists), carried through every await and timer of the request by
 * AsyncLocalStorage. One store per process: Next.js loads this module once per bundle.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { processSingleton } from './singleton';

export interface RequestContext {
  requestId: string;
  /** Who the request acts for ("viewing as"). */
  user?: string;
}

const storage = () => processSingleton('requestContext', () => new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with `ctx` as the current request context. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage().run(ctx, fn);
}

/** The context of the request being served, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage().getStore();
}
