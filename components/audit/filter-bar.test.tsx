import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { auditUrlState } from '@/lib/url-state';
import { FilterBar } from './filter-bar';

const filtersOf = (raw: Record<string, string> = {}) => auditUrlState.parse(raw).filters;

describe('audit FilterBar', () => {
  it('applies what the user entered, trimmed, with a relative time range', async () => {
    const onApply = vi.fn();
    render(<FilterBar filters={filtersOf()} onApply={onApply} onReset={() => {}} />);
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'failure');
    await userEvent.type(screen.getByLabelText('Correlation id'), '  rr-42  ');
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'Last hour');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'failure', correlationId: 'rr-42', since: '1h', until: undefined, category: undefined }));
  });

  it('asks for a UTC range when "Between" is chosen', async () => {
    const onApply = vi.fn();
    render(<FilterBar filters={filtersOf()} onApply={onApply} onReset={() => {}} />);
    expect(screen.queryByLabelText('From (UTC)')).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'Between (UTC)…');
    await userEvent.type(screen.getByLabelText('From (UTC)'), '2026-03-01T10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith(expect.objectContaining({ since: '2026-03-01T10:00:00.000Z' }));
  });

  it('shows the filters of the URL and resets them', async () => {
    const onReset = vi.fn();
    render(<FilterBar filters={filtersOf({ category: 'workflowexecution', type: 'workflowexecution.workflow.failed' })} onApply={() => {}} onReset={onReset} />);
    expect((screen.getByLabelText('Category') as HTMLSelectElement).value).toBe('workflowexecution');
    expect((screen.getByLabelText('Event type') as HTMLInputElement).value).toBe('workflowexecution.workflow.failed');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onReset).toHaveBeenCalled();
  });
});
