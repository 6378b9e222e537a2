import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { HourBucket } from '@/lib/schemas/overview';
import { FinishedPerHourChart, RankedChart } from './charts';

const hourly: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({ start: new Date(Date.UTC(2026, 2, 2, i)).toISOString(), completed: i === 5 ? 3 : 0, failed: i === 5 ? 1 : 0 }));

describe('overview charts', () => {
  it('keep their numbers in a table for screen readers while the chart shows', () => {
    render(<FinishedPerHourChart hourly={hourly} />);
    const table = screen.getByRole('table', { name: /finished per hour/i });
    expect(table.className).toContain('sr-only');
    const row = within(table).getByRole('row', { name: /05:00/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '1', '75%']);
    expect(within(table).getAllByRole('row')).toHaveLength(25);
  });

  it('show the table instead of the chart on request, with links to the executions counted', async () => {
    render(<RankedChart label="Top failure reasons" keyTitle="Reason" entries={[{ key: 'OOMKilled', count: 4 }, { key: '(none)', count: 1 }]} hrefOf={(k) => (k === '(none)' ? null : `/executions?reason=${k}`)} />);
    // The hidden table holds no links (no invisible focus stops).
    expect(within(screen.getByRole('table')).queryAllByRole('link')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Table' }));
    expect(screen.getByRole('button', { name: 'Table' }).getAttribute('aria-pressed')).toBe('true');
    const table = screen.getByRole('table', { name: /top failure reasons/i });
    expect(table.className).not.toContain('sr-only');
    expect(within(table).getByRole('link', { name: 'OOMKilled' }).getAttribute('href')).toBe('/executions?reason=OOMKilled');
    expect(within(table).getByRole('row', { name: /\(none\)/ }).textContent).toContain('1');
  });
});
