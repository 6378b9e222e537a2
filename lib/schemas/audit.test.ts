import { describe, expect, it } from 'vitest';
import { parseQuery } from '../route';
import { AppError } from '../errors';
import { auditFiltersSchema, auditFiltersToSearchParams, correlationIdSchema, correlationViewParamsSchema, freezeAuditFilters, parseAuditUrlState } from './audit';

function problemParam(url: string): string | undefined {
  try {
    parseQuery(auditFiltersSchema, url);
    return undefined;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.status).toBe(400);
    return err.extensions.param as string;
  }
}

describe('auditFiltersSchema', () => {
  it('accepts the filters Data Storage supports and applies paging defaults', () => {
    const f = parseQuery(auditFiltersSchema, 'http://x/?category=workflowexecution&type=workflowexecution.workflow.failed&outcome=failure&since=24h&detailKey=failure_reason&detailValue=TaskFailed');
    expect(f).toMatchObject({ category: 'workflowexecution', outcome: 'failure', since: '24h', limit: 50, offset: 0, detailKey: 'failure_reason' });
  });

  it('names the field of each invalid filter', () => {
    expect(problemParam('http://x/?outcome=maybe')).toBe('outcome');
    expect(problemParam('http://x/?limit=5000')).toBe('limit');
    expect(problemParam('http://x/?offset=-1')).toBe('offset');
    expect(problemParam('http://x/?since=yesterday')).toBe('since');
    expect(problemParam('http://x/?until=24h')).toBe('until');
    expect(problemParam('http://x/?type=DROP%20TABLE')).toBe('type');
    expect(problemParam('http://x/?detailKey=a.b&detailValue=1')).toBe('detailKey');
    expect(problemParam('http://x/?detailKey=reason')).toBe('detailValue');
    expect(problemParam('http://x/?detailValue=x')).toBe('detailKey');
    expect(problemParam(`http://x/?correlationId=${'a'.repeat(256)}`)).toBe('correlationId');
    expect(problemParam('http://x/?since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z')).toBe('until');
  });

  it('round-trips through search params without defaults', () => {
    const f = auditFiltersSchema.parse({ category: 'gateway', since: '1h', limit: '50', offset: '100' });
    expect(auditFiltersToSearchParams(f).toString()).toBe('category=gateway&since=1h&offset=100');
  });
});

describe('freezeAuditFilters', () => {
  it('turns a relative range into the absolute one it means now', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(freezeAuditFilters({ since: '24h', category: 'gateway' }, now)).toEqual({ since: '2026-02-28T12:00:00.000Z', until: '2026-03-01T12:00:00.000Z', category: 'gateway' });
    expect(freezeAuditFilters({ since: '2026-02-01T00:00:00Z' }, now)).toEqual({ since: '2026-02-01T00:00:00Z' });
  });
});

describe('correlation params', () => {
  it('accepts RemediationRequest names and rejects control characters', () => {
    expect(correlationIdSchema.safeParse('rr-payments-7f9c').success).toBe(true);
    expect(correlationIdSchema.safeParse('a b').success).toBe(false);
    expect(correlationIdSchema.safeParse('a\u0000b').success).toBe(false);
  });

  it('drops a garbled event or window from a hand-edited link instead of failing the page', () => {
    expect(correlationViewParamsSchema.parse({ event: '<script>', from: 'soon', to: '2026-03-01T00:00:00Z' })).toEqual({ event: undefined, from: undefined, to: '2026-03-01T00:00:00Z' });
  });
});

describe('parseAuditUrlState', () => {
  it('keeps valid filters and the selected event, and reports what it dropped', () => {
    const s = parseAuditUrlState(new URLSearchParams('category=gateway&outcome=maybe&limit=9999&event=7e88ae9d-c2df-4255&since=1h'));
    expect(s.filters).toMatchObject({ category: 'gateway', since: '1h', limit: 50 });
    expect(s.filters.outcome).toBeUndefined();
    expect(s.event).toBe('7e88ae9d-c2df-4255');
    expect(s.ignored.map((i) => i.param).sort()).toEqual(['limit', 'outcome']);
  });

  it('drops the half of a detail filter that lacks its pair', () => {
    const s = parseAuditUrlState({ detailKey: 'phase' });
    expect(s.filters.detailKey).toBeUndefined();
    expect(s.ignored).toEqual([{ param: 'detailKey', message: expect.any(String) }]);
  });
});
