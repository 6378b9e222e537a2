/**
 * One access-log line per request: who (the person's display name, or the mode's actor),
 * which route, what permission, and the outcome. Never a token, a cookie or a query
 * string, so an operator can answer "who looked at this audit trail" from the log alone.
 */
import { log } from './log';

export interface AccessEntry {
  subject: string;
  route: string;
  method: string;
  outcome: number;
  permission: string;
  ms?: number;
}

/** Writes the line (at info; the request id comes from the request context when there is one). */
export function logAccess({ subject, route, method, outcome, permission, ms }: AccessEntry): void {
  log.info('access', { method, path: route, status: outcome, subject, permission, ...(ms !== undefined ? { ms } : {}) });
}
