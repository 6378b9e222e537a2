import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RecentFailuresList } from './recent-failures';
import { executionsHref, Tile, TileBody } from './tile';

const query = <T,>(over: Partial<{ isPending: boolean; isError: boolean; error: Error | null; data: T | undefined }>) => ({ isPending: false, isError: false, error: null, data: undefined, ...over });

describe('overview tiles', () => {
  it('link to the list filtered as they count, the filter in the URL', () => {
    render(
      <Tile id="tile-x" title="Failed" href={executionsHref({ phase: ['Failed'], finishedAfter: '2026-03-01T12:00:00.000Z' })} linkLabel="Failed executions">
        body
      </Tile>,
    );
    const tile = screen.getByRole('region', { name: 'Failed' });
    expect(within(tile).getByRole('link', { name: /Failed executions/ }).getAttribute('href')).toBe('/executions?phase=Failed&finishedAfter=2026-03-01T12%3A00%3A00.000Z');
  });

  it('show loading, error and empty states', () => {
    const { rerender } = render(<TileBody query={query<number[]>({ isPending: true })} label="Recent failures">{() => 'data'}</TileBody>);
    expect(screen.getByRole('status').textContent).toBe('Loading recent failures…');
    rerender(<TileBody query={query<number[]>({ isError: true, error: new Error('Kubernetes is unreachable.') })} label="Recent failures">{() => 'data'}</TileBody>);
    expect(screen.getByRole('alert').textContent).toContain('Recent failures could not be loaded');
    expect(screen.getByRole('alert').textContent).toContain('Kubernetes is unreachable.');
    rerender(
      <TileBody query={query<number[]>({ data: [] })} label="Recent failures" isEmpty={(d) => d.length === 0} empty={{ title: 'No failed executions' }}>
        {() => 'data'}
      </TileBody>,
    );
    expect(screen.getByText('No failed executions')).toBeTruthy();
    rerender(<TileBody query={query<number[]>({ data: [1] })} label="Recent failures" isEmpty={(d) => d.length === 0} empty={{ title: 'No failed executions' }}>{(d) => `rows ${d.length}`}</TileBody>);
    expect(screen.getByText('rows 1')).toBeTruthy();
  });

  it('list recent failures with reason, failed task and a link to each execution', () => {
    render(
      <RecentFailuresList
        failures={[
          { uid: 'u1', namespace: 'payments', name: 'we-rr-1', workflowId: 'restart-pod', targetResource: 'payments/Deployment/api', reason: 'OOMKilled', failedTask: 'patch', message: 'ran out of memory', at: '2026-03-02T12:00:00Z' },
          { uid: 'u2', namespace: 'ops', name: 'we-rr-2', workflowId: 'drain', targetResource: '', at: '2026-03-02T11:00:00Z' },
        ]}
      />,
    );
    const items = screen.getAllByTestId('recent-failure');
    expect(within(items[0]!).getByRole('link').getAttribute('href')).toBe('/executions/payments/we-rr-1');
    expect(within(items[0]!).getByTestId('failure-reason').textContent).toBe('OOMKilled');
    expect(within(items[0]!).getByTestId('failed-task').textContent).toBe('patch');
    expect(items[0]!.textContent).toContain('ran out of memory');
    expect(within(items[1]!).getByTestId('failure-reason').textContent).toBe('No reason recorded');
  });
});
