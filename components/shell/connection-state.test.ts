import { describe, expect, it } from 'vitest';
import type { ReadinessReport } from '@/lib/schemas/health';
import { componentLabel, connectionState, stateSummary } from './connection-state';

const report = (statuses: Array<'up' | 'down'>): ReadinessReport => ({
  status: statuses.includes('down') ? 'not_ready' : 'ready',
  checkedAt: '2024-05-10T12:00:00.000Z',
  components: (['kubernetes', 'datastorage', 'database'] as const).slice(0, statuses.length).map((name, i) => ({
    name,
    status: statuses[i] ?? 'up',
    latencyMs: 4,
    required: true,
  })),
});

describe('connectionState', () => {
  it('is loading before the first answer', () => {
    expect(connectionState({ isError: false })).toBe('loading');
  });
  it('is connected when every component is up', () => {
    expect(connectionState({ isError: false, data: report(['up', 'up', 'up']) })).toBe('connected');
  });
  it('is degraded when a component is down', () => {
    expect(connectionState({ isError: false, data: report(['up', 'down', 'up']) })).toBe('degraded');
  });
  it('is unreachable when the last poll failed, even with an older report', () => {
    expect(connectionState({ isError: true, data: report(['up', 'up', 'up']) })).toBe('unreachable');
  });
});

describe('stateSummary', () => {
  it('names the components that are down', () => {
    const data = report(['down', 'up', 'down']);
    expect(stateSummary('degraded', data.components)).toBe('Kubernetes and Database are down.');
    expect(stateSummary('degraded', report(['up', 'down']).components)).toBe('Data Storage is down.');
  });
  it('describes the other states', () => {
    expect(stateSummary('connected', [])).toBe('All connections up.');
    expect(stateSummary('unreachable', [])).toBe('Server unreachable.');
  });
});

describe('componentLabel', () => {
  it('labels known components and keeps unknown names', () => {
    expect(componentLabel('datastorage')).toBe('Data Storage');
    expect(componentLabel('redis')).toBe('redis');
  });
});
