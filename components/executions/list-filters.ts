import { executionFilterSchema, type ExecutionFilter, type ExecutionsUrlState } from '@/lib/schemas/executions';

/** Every filter field of the list URL; derived from the schema, so a new filter is covered. */
const FILTER_FIELDS = Object.keys(executionFilterSchema.shape) as (keyof ExecutionFilter)[];

/** The patch that clears every filter of the list (sort and order stay as they are). */
export function clearFiltersPatch(): Record<keyof ExecutionFilter, undefined> {
  return Object.fromEntries(FILTER_FIELDS.map((field) => [field, undefined])) as Record<keyof ExecutionFilter, undefined>;
}

/** Whether any filter of the list is set (an empty list counts as unset). */
export function hasFilter(state: Partial<ExecutionsUrlState>): boolean {
  return FILTER_FIELDS.some((field) => {
    const value = state[field];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  });
}
