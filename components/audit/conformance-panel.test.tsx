import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { executionAuditQuery } from '@/lib/queries/audit';
import type { ExecutionAuditView } from '@/lib/schemas/audit';
import { ConformancePanel } from './conformance-panel';

type Conformance = ExecutionAuditView['conformance'];
type Expectation = Conformance['expectations'][number];

const expectation = (over: Partial<Expectation> & Pick<Expectation, 'type' | 'state'>): Expectation => ({
  required: true,
  count: 1,
  eventIds: ['e1'],
  reference: { label: 'the start', at: '2026-03-01T10:00:00Z' },
  lagMs: 1_500,
  ...over,
});

function view(conformance: Partial<Conformance>): ExecutionAuditView {
  return {
    execution: { namespace: 'demo', name: 'wfe-1', phase: 'Failed', correlationId: 'rr-1' },
    events: [],
    failure: null,
    conformance: {
      status: 'ok',
      phase: 'Failed',
      graceMs: 60_000,
      checkedAt: '2026-03-01T10:05:00Z',
      expectations: [],
      fieldIssues: [],
      problems: [],
      ...conformance,
    },
  };
}

/** Renders the panel with the audit answer already in the cache (what the page would have fetched). */
function renderWith(data: ExecutionAuditView) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(executionAuditQuery('demo', 'wfe-1').queryKey, data);
  return render(
    <QueryClientProvider client={client}>
      <ConformancePanel namespace="demo" name="wfe-1" />
    </QueryClientProvider>,
  );
}

describe('ConformancePanel', () => {
  it('confirms a complete trail and links to the correlation', () => {
    renderWith(
      view({
        expectations: [expectation({ type: 'workflowexecution.execution.started', state: 'ok' }), expectation({ type: 'workflowexecution.workflow.failed', state: 'ok', lagMs: -500 })],
      }),
    );
    expect(screen.getByTestId('conformance-badge').textContent).toBe('Audit: Complete');
    expect(screen.getByText(/"missing" only 1m after the CRD transition/)).toBeTruthy();
    const started = screen.getByTestId('expectation-workflowexecution.execution.started');
    expect(within(started).getByText('Present once')).toBeTruthy();
    expect(within(started).getByText('1s after the start')).toBeTruthy();
    expect(within(screen.getByTestId('expectation-workflowexecution.workflow.failed')).getByText('500ms before the start')).toBeTruthy();
    expect(screen.getByText('Every expected event is present exactly once with its required fields.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open the correlation timeline' }).getAttribute('href')).toBe('/correlations/rr-1');
  });

  it('names duplicated and missing events and payload problems', () => {
    renderWith(
      view({
        status: 'issues',
        problems: ['workflow.failed missing'],
        expectations: [
          expectation({ type: 'workflowexecution.execution.started', state: 'duplicate', count: 2 }),
          expectation({ type: 'workflowexecution.workflow.failed', state: 'missing', count: 0, lagMs: null }),
        ],
        fieldIssues: [{ eventId: 'e1', type: 'workflowexecution.execution.started', missing: ['phase'], emptyPhase: false } as Conformance['fieldIssues'][number]],
      }),
    );
    expect(screen.getByTestId('conformance-badge').textContent).toMatch(/^Audit: Issues/);
    expect(within(screen.getByTestId('expectation-workflowexecution.execution.started')).getByText('Duplicated ×2')).toBeTruthy();
    const missing = screen.getByTestId('expectation-workflowexecution.workflow.failed');
    expect(within(missing).getByText('Missing')).toBeTruthy();
    expect(within(missing).getByText('—')).toBeTruthy();
    expect(screen.getByText('Payload problems')).toBeTruthy();
    expect(screen.getByText(/lacks phase/)).toBeTruthy();
    expect(screen.queryByText(/Every expected event is present/)).toBeNull();
  });
});
