import type { ComponentHealth, HealthComponentName, ReadinessReport } from '@/lib/schemas/health';

export type ConnectionState = 'loading' | 'connected' | 'degraded' | 'unreachable';

/**
 * What the indicator shows. A failed poll wins over older data: if the server stopped
 * answering, its last report is no longer true.
 */
export function connectionState(query: { data?: ReadinessReport; isError: boolean }): ConnectionState {
  if (query.isError) return 'unreachable';
  if (!query.data) return 'loading';
  return query.data.components.every((c) => c.status === 'up') ? 'connected' : 'degraded';
}

export const COMPONENT_LABELS: Record<HealthComponentName, string> = {
  kubernetes: 'Kubernetes',
  datastorage: 'Data Storage',
  database: 'Database',
};

/** A known component's label; a newer server's unknown component shows under its own name. */
export function componentLabel(name: string): string {
  return (COMPONENT_LABELS as Record<string, string | undefined>)[name] ?? name;
}

export const STATE_TEXT: Record<ConnectionState, string> = {
  loading: 'Checking connections…',
  connected: 'All connections up',
  degraded: 'Degraded',
  unreachable: 'Server unreachable',
};

/** One sentence for screen readers and the panel ("Data Storage is down."). */
export function stateSummary(state: ConnectionState, components: readonly ComponentHealth[]): string {
  if (state !== 'degraded') return `${STATE_TEXT[state]}.`;
  const down = components.filter((c) => c.status === 'down').map((c) => componentLabel(c.name));
  return `${joinNames(down)} ${down.length === 1 ? 'is' : 'are'} down.`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
