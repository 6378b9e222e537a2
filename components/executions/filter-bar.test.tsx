import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { emptyCounts, executionsUrlStateSchema, type ExecutionsUrlState } from '@/lib/schemas/executions';
import { FilterBar, PhaseCountChips } from './filter-bar';

const state = (raw: Record<string, string> = {}): ExecutionsUrlState => executionsUrlStateSchema.parse(raw);

/** Applies the bar's patches the way the page does, so a test can read the resulting state. */
function applied(onChange: ReturnType<typeof vi.fn>, from: ExecutionsUrlState): Record<string, unknown> {
  const patch = onChange.mock.calls.at(-1)?.[0] as Record<string, unknown>;
  return Object.fromEntries(Object.entries({ ...from, ...patch }).filter(([, v]) => v !== undefined));
}

describe('executions FilterBar', () => {
  it('commits a search after the user pauses typing', async () => {
    const onChange = vi.fn();
    render(<FilterBar state={state()} onChange={onChange} knownNamespaces={[]} />);
    await userEvent.type(screen.getByLabelText('Search'), 'oom');
    expect(onChange).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith({ q: 'oom' }));
  });

  it('filters by failure reason and audit status at once', () => {
    const onChange = vi.fn();
    render(<FilterBar state={state()} onChange={onChange} knownNamespaces={[]} />);
    fireEvent.change(screen.getByLabelText('Failure reason'), { target: { value: 'OOMKilled' } });
    expect(onChange).toHaveBeenLastCalledWith({ reason: 'OOMKilled' });
    fireEvent.change(screen.getByLabelText('Audit trail'), { target: { value: 'issues' } });
    expect(onChange).toHaveBeenLastCalledWith({ audit: ['issues'] });
  });

  it('shows and toggles the blocked filter the overview links to', async () => {
    const onChange = vi.fn();
    const { rerender } = render(<FilterBar state={state()} onChange={onChange} knownNamespaces={[]} />);
    const box = screen.getByRole('checkbox', { name: 'Blocking a target' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await userEvent.click(box);
    expect(onChange).toHaveBeenLastCalledWith({ blocked: true });
    rerender(<FilterBar state={state({ blocked: 'true', phase: 'Failed' })} onChange={onChange} knownNamespaces={[]} />);
    expect((screen.getByRole('checkbox', { name: 'Blocking a target' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Blocking a target' }));
    expect(onChange).toHaveBeenLastCalledWith({ blocked: undefined });
  });

  it('switches the sort order', async () => {
    const onChange = vi.fn();
    render(<FilterBar state={state()} onChange={onChange} knownNamespaces={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Descending' }));
    expect(onChange).toHaveBeenLastCalledWith({ order: 'asc' });
  });

  it('offers "Clear filters" only when a filter is set, and it clears every one of them (audit included) but not the sort', async () => {
    const onChange = vi.fn();
    const { rerender } = render(<FilterBar state={state({ sort: 'name' })} onChange={onChange} knownNamespaces={[]} />);
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();

    const filtered = state({ audit: 'issues', reason: 'OOMKilled', q: 'x', namespace: 'demo', sort: 'name' });
    rerender(<FilterBar state={filtered} onChange={onChange} knownNamespaces={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(applied(onChange, filtered)).toEqual({ sort: 'name', order: 'desc' });
  });
});

describe('PhaseCountChips', () => {
  it('shows each phase with its count and toggles it', async () => {
    const onToggle = vi.fn();
    render(<PhaseCountChips counts={{ ...emptyCounts(), Failed: 1234 }} selected={['Failed']} onToggle={onToggle} />);
    const failed = screen.getByRole('button', { name: /Failed/ });
    expect(failed.getAttribute('aria-pressed')).toBe('true');
    expect(failed.textContent).toContain('1,234');
    expect(screen.getByRole('button', { name: /Running/ }).getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(screen.getByRole('button', { name: /Running/ }));
    expect(onToggle).toHaveBeenCalledWith('Running');
  });
});
