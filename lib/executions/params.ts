/**
 * Query parsing of the executions API: known parameters only (a typo such as `phse=`
 * must not silently widen a filter), each error a 400 naming the parameter.
 */
import 'server-only';
import { badParam } from '../errors';
import { parseQuery } from '../route';
import { executionFilterSchema, executionListQuerySchema, type ExecutionFilter, type ExecutionListQuery } from '../schemas/executions';

function rejectUnknown(url: string, allowed: readonly string[]): void {
  for (const key of new URL(url).searchParams.keys()) {
    if (!allowed.includes(key)) throw badParam(key, `Invalid ${key}: unknown parameter.`);
  }
}

/** Parses GET /api/v1/executions parameters. */
export function parseListQuery(url: string): ExecutionListQuery {
  rejectUnknown(url, Object.keys(executionListQuerySchema.shape));
  return parseQuery(executionListQuerySchema, url);
}

/** Parses filter-only parameters (the outcomes chart). */
export function parseFilterQuery(url: string): ExecutionFilter {
  rejectUnknown(url, Object.keys(executionFilterSchema.shape));
  return parseQuery(executionFilterSchema, url);
}
