import { describe, expect, it } from 'vitest';
import type { AuditEventView } from '../schemas/audit';
import { auditTimelineItems, MAX_AUDIT_TIMELINE_ITEMS } from './execution-timeline';

function ev(id: string, type: string, outcome: string, ms: number): AuditEventView {
  const service = type.split('.')[0]!;
  return {
    id, type, service, outcome, timestamp: new Date(Date.UTC(2026, 2, 1) + ms).toISOString(),
    category: service, action: 'x', severity: null, actor: { type: 'service', id: `${service}-controller` }, resource: { type: null, id: null, namespace: null },
    correlationId: 'rr-1', parentEventId: null, durationMs: null, error: null, chain: { hash: null, previousHash: null },
    legalHold: { held: false, reason: null, placedBy: null, placedAt: null }, version: '1.0', payload: { schema: 'generic', issues: [] }, data: {},
  };
}

describe('auditTimelineItems', () => {
  it('puts each event as an instant in its service lane, coloured by outcome and linked to the correlation', () => {
    const items = auditTimelineItems([ev('a', 'workflowexecution.workflow.failed', 'failure', 0), ev('b', 'gateway.signal.received', 'success', 1), ev('c', 'x.y.z', 'weird', 2)], 'rr 1');
    expect(items[0]).toEqual({
      id: 'audit:a',
      lane: 'Audit · workflowexecution',
      start: '2026-03-01T00:00:00.000Z',
      label: 'workflow.failed',
      status: 'failure',
      detail: 'workflowexecution.workflow.failed (failure) by workflowexecution-controller',
      href: '/correlations/rr%201?event=a',
    });
    expect(items[0]!.end).toBeUndefined();
    expect(items.map((i) => i.status)).toEqual(['failure', 'success', 'info']);
  });

  it('thins a runaway correlation to lifecycle events and failures, newest first', () => {
    const noise = Array.from({ length: 1000 }, (_, i) => ev(`n${i}`, 'signalprocessing.phase.transition', 'success', i));
    const kept = [ev('f', 'workflowexecution.workflow.failed', 'failure', 5000), ev('o', 'orchestrator.lifecycle.failed', 'failure', 4000), ev('g', 'gateway.crd.failed', 'failure', 10)];
    const items = auditTimelineItems([...noise, ...kept], 'rr-1');
    expect(items.map((i) => i.id)).toEqual(['audit:f', 'audit:o', 'audit:g']);
    const many = Array.from({ length: 500 }, (_, i) => ev(`w${i}`, 'workflowexecution.selection.completed', 'success', i));
    expect(auditTimelineItems(many, 'rr-1')).toHaveLength(MAX_AUDIT_TIMELINE_ITEMS);
  });
});
