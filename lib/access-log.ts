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

export function logAccess(entry: AccessEntry): void {
  log.info('access', { ...entry });
}
