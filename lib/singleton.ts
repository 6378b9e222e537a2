/**
 * Process-wide singletons. Next.js can load one module more than once in a process
 * (instrumentation.ts and each route bundle, and again on every dev-mode reload), so a
 * module-level `let` would give two executions caches, two buses or two PGlite instances
 * on one directory. Each singleton lives on globalThis under a `Symbol.for` key instead,
 * which every copy of the module sees.
 */

import { outsideRequestContext } from './request-context';

type Slots = Record<symbol, unknown>;

function slots(): Slots {
  return globalThis as unknown as Slots;
}

/**
 * The value kept under `name`, created with `create` on first use. It is created outside
 * the request that happens to ask first, so what it starts (watches, timers) does not log
 * that request's id for the rest of the process.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`flightdeck.${name}`);
  const g = slots();
  if (!(key in g)) g[key] = outsideRequestContext(create);
  return g[key] as T;
}

/** The value kept under `name`, if one was created. */
export function peekSingleton<T>(name: string): T | undefined {
  return slots()[Symbol.for(`flightdeck.${name}`)] as T | undefined;
}

/** Forgets the value kept under `name` (tests, and stopping what it holds); returns it. */
export function forgetSingleton<T>(name: string): T | undefined {
  const key = Symbol.for(`flightdeck.${name}`);
  const g = slots();
  const value = g[key] as T | undefined;
  delete g[key];
  return value;
}
