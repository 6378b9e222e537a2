import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const push = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ push }) }));

const { CommandCenter } = await import('./command-center');

const execution = (name: string, rr: string) => ({
  uid: `uid-${name}`,
  namespace: 'payments',
  name,
  resourceVersion: '1',
  phase: 'Failed',
  rawPhase: 'Failed',
  workflowId: 'restart-pod',
  workflowVersion: '1.0.0',
  targetResource: 'payments/Deployment/api',
  createdAt: '2025-01-01T00:00:00Z',
  remediation: { namespace: 'payments', name: rr, found: true },
});

let requests: string[] = [];

beforeEach(() => {
  requests = [];
  push.mockReset();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost');
      requests.push(`${url.pathname}${url.search}`);
      const body =
        url.pathname === '/api/v1/executions'
          ? { items: url.searchParams.get('name') === 'oom' ? [execution('we-oom-kill-7', 'rr-oom-kill-7')] : [], nextCursor: null, total: 1, counts: {}, namespaces: [], seq: 0, epoch: 'e', syncing: false }
          : { generatedAt: '', branch: null, tiers: [], services: [{ service: 'gateway', cells: {}, commit: null, ready: true }], infrastructure: {} };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

function renderCenter(page?: React.ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <CommandCenter />
      <main>{page}</main>
    </QueryClientProvider>,
  );
}

const palette = () => screen.getByTestId('command-palette') as HTMLDialogElement;

describe('command palette', () => {
  it('opens with Ctrl-K, searches executions by part of the name on the server and opens the first with Enter', async () => {
    const user = userEvent.setup();
    renderCenter();
    expect(palette().open).toBe(false);
    await user.keyboard('{Control>}k{/Control}');
    expect(palette().open).toBe(true);
    const input = screen.getByTestId('command-palette-input');
    expect(input).toHaveProperty('ownerDocument.activeElement', input);
    await user.type(input, 'OOM');
    const item = await screen.findByTestId('palette-execution');
    expect(item.textContent).toContain('we-oom-kill-7');
    // Debounced: one request for the whole word, lower-cased, never one per key.
    expect(requests.filter((r) => r.startsWith('/api/v1/executions'))).toEqual(['/api/v1/executions?name=oom&limit=8&sort=created&order=desc']);
    // Its remediation is offered as a correlation, and so is the typed text itself.
    expect(screen.getByTestId('palette-remediation').getAttribute('data-href')).toBe('/correlations/rr-oom-kill-7');
    expect(screen.getByTestId('palette-correlation-id').getAttribute('data-href')).toBe('/correlations/OOM');
    await user.keyboard('{Enter}');
    expect(push).toHaveBeenCalledWith('/executions/payments/we-oom-kill-7');
    expect(palette().open).toBe(false);
  });

  it('moves between results with the arrow keys and also finds services and pages', async () => {
    const user = userEvent.setup();
    renderCenter();
    await user.click(screen.getByTestId('open-command-palette'));
    await screen.findByTestId('palette-service');
    const input = screen.getByTestId('command-palette-input');
    await user.type(input, 'gate');
    await waitFor(() => expect(screen.queryAllByTestId('palette-page')).toHaveLength(0));
    const selected = () => within(palette()).getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true')?.getAttribute('data-href');
    // The matching service first; the typed text as a correlation id last.
    await waitFor(() => expect(selected()).toBe('/readiness#service-gateway'));
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe('/correlations/gate');
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe('/readiness#service-gateway');
    await user.keyboard('{Enter}');
    expect(push).toHaveBeenLastCalledWith('/readiness#service-gateway');

    await user.click(screen.getByTestId('open-command-palette'));
    await user.type(screen.getByTestId('command-palette-input'), 'audit');
    await waitFor(() => expect(screen.getAllByTestId('palette-page').map((p) => p.textContent)).toEqual(['Audit']));
    expect(selected()).toBe('/audit');
    await user.keyboard('{Enter}');
    expect(push).toHaveBeenLastCalledWith('/audit');
  });

  it('is labelled and closes with Ctrl-K again', async () => {
    const user = userEvent.setup();
    renderCenter();
    await user.keyboard('{Control>}k{/Control}');
    expect(palette().getAttribute('aria-label')).toBe('Command palette');
    await user.keyboard('{Control>}k{/Control}');
    expect(palette().open).toBe(false);
  });
});

describe('global shortcuts', () => {
  it('/ focuses the page search field, but is typed as text inside a field', async () => {
    const user = userEvent.setup();
    renderCenter(
      <form role="search">
        <input aria-label="Search" />
        <input aria-label="Other" />
      </form>,
    );
    const search = screen.getByLabelText('Search');
    await user.keyboard('/');
    expect(document.activeElement).toBe(search);
    const other = screen.getByLabelText('Other');
    await user.click(other);
    await user.keyboard('/');
    expect(document.activeElement).toBe(other);
    expect((other as HTMLInputElement).value).toBe('/');
  });

  it('? opens the shortcuts help listing every global shortcut; not while typing', async () => {
    const user = userEvent.setup();
    renderCenter(<input aria-label="Field" />);
    await user.click(screen.getByLabelText('Field'));
    await user.keyboard('?');
    const help = screen.getByTestId('shortcuts-help') as HTMLDialogElement;
    expect(help.open).toBe(false);
    act(() => (document.activeElement as HTMLElement).blur());
    await user.keyboard('?');
    expect(help.open).toBe(true);
    const text = help.textContent ?? '';
    for (const action of ['Open the command palette', 'Focus the search or filter field', 'Show these keyboard shortcuts', 'Zoom in or out']) expect(text).toContain(action);
    expect([...help.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(expect.arrayContaining(['Ctrl', 'K', '/', '?']));
    await user.click(within(help).getByRole('button', { name: 'Close' }));
    expect(help.open).toBe(false);
  });
});

describe('shortcuts on non-text controls', () => {
  it('? still opens the help when a radio button or checkbox has the focus', async () => {
    const user = userEvent.setup();
    renderCenter(<input type="radio" aria-label="Dark" />);
    await user.click(screen.getByLabelText('Dark'));
    await user.keyboard('?');
    expect((screen.getByTestId('shortcuts-help') as HTMLDialogElement).open).toBe(true);
  });
});
