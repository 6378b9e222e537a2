/**
 * Parsing of untrusted input (query strings, route params, bodies, stream subscriptions)
 * with zod, where every failure is a 400 that names the offending parameter. Neutral on
 * purpose: route handlers, the executions feature and the live stream all use it, and
 * none of them needs the HTTP wrapper in lib/route.ts to do so.
 */
import type { z } from 'zod';
import { badParam } from './errors';

/** Query parameters as a record; repeated keys arrive as arrays. Keys in `skip` are left out. */
export function searchParamsRecord(params: URLSearchParams, skip: readonly string[] = []): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    if (skip.includes(key)) continue;
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : (all[0] ?? '');
  }
  return raw;
}

/**
 * Validates query parameters with a zod schema; a failure becomes a 400 that names the
 * first offending parameter. Repeated keys arrive as arrays.
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: string | URL): z.infer<S> {
  return parseWith(schema, searchParamsRecord(new URL(url).searchParams));
}

/** Validates route params or a body; a failure is a 400 naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') || 'input';
    throw badParam(name, `Invalid ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}

/**
 * A parameter outside `allowed` is a 400 naming it: a typo such as `phse=` must not
 * silently widen a filter.
 */
export function rejectUnknown(keys: Iterable<string>, allowed: readonly string[]): void {
  for (const key of keys) {
    if (!allowed.includes(key)) throw badParam(key, `Invalid ${key}: unknown parameter.`);
  }
}
