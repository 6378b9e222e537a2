/**
 * Query parsing of the executions API: known parameters only (a typo such as `phse=`
 * must not silently widen a filter), each error a 400 naming the parameter.
 */
import 'server-only';
import { parseQuery, rejectUnknown } from '../params';
import { executionFilterSchema, executionListQuerySchema, type ExecutionFilter, type ExecutionListQuery } from '../schemas/executions';

/** Parses GET /api/v1/executions parameters. */
export function parseListQuery(url: string): ExecutionListQuery {
  rejectUnknown(new URL(url).searchParams.keys(), Object.keys(executionListQuerySchema.shape));
  return parseQuery(executionListQuerySchema, url);
}

/** Parses filter-only parameters (the outcomes chart). */
export function parseFilterQuery(url: string): ExecutionFilter {
  rejectUnknown(new URL(url).searchParams.keys(), Object.keys(executionFilterSchema.shape));
  return parseQuery(executionFilterSchema, url);
}
