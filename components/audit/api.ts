/**
 * Browser-side fetch for the audit APIs. The executions feature's `fetchJson` already
 * turns problem documents into `ApiError` (status, code, safe detail): the audit
 * components use it too.
 */
export { ApiError, fetchJson } from '@/hooks/use-executions';

/** The message to show for any error a query raised. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
