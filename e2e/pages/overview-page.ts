import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export type StatName = 'running' | 'failed' | 'success' | 'blocked';

/** A tile's number as shown ("1,204" or "83%"), digits only. */
const shownNumber = (text: string): number => Number(text.replace(/[^0-9]/g, ''));

/** `/`: the overview's tiles and the connection summary. */
export class OverviewPage extends ShellPage {
  readonly heading: Locator;
  readonly connectionSummary: Locator;
  readonly liveStatus: Locator;
  readonly recentFailures: Locator;
  readonly auditTile: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Overview' });
    this.connectionSummary = page.getByRole('region', { name: 'Connections' });
    this.liveStatus = page.getByTestId('live-status');
    this.recentFailures = page.getByRole('region', { name: 'Recent failures' });
    this.auditTile = page.getByRole('region', { name: 'Audit trail issues' });
  }

  override async goto(): Promise<void> {
    await super.goto('/');
  }

  /** A number tile (its link) and its value. */
  stat(name: StatName): Locator {
    return this.page.getByTestId(`stat-${name}`);
  }

  statValue(name: StatName): Locator {
    return this.page.getByTestId(`stat-${name}-value`);
  }

  async statNumber(name: StatName): Promise<number> {
    const text = await this.statValue(name).textContent();
    return text === null ? NaN : shownNumber(text);
  }

  recentFailure(name: string): Locator {
    return this.recentFailures.locator(`[data-testid="recent-failure"][data-name="${name}"]`);
  }

  tile(title: string): Locator {
    return this.page.getByRole('region', { name: title });
  }

  async waitLive(): Promise<void> {
    await expect(this.liveStatus).toHaveAttribute('data-state', 'open');
  }

  /**
   * Starts noting, in the open page, when each row of "Recent failures" first appears
   * (the browser's clock, the same machine's as the test's) and the "Failed, last 24 h"
   * count just before and with it. The notes live in the page's window: a reload loses
   * them, so `failureSeen` also tells whether the page changed without one.
   */
  async recordFailureRows(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: Record<string, { at: number; failedBefore: string; failedWith: string }> = {};
      const failed = () => document.querySelector('[data-testid="stat-failed-value"]')?.textContent ?? '';
      let last = failed();
      const note = () => {
        const now = failed();
        for (const row of document.querySelectorAll('[data-testid="recent-failure"]')) {
          const name = row.getAttribute('data-name');
          if (name && !(name in seen)) seen[name] = { at: Date.now(), failedBefore: last, failedWith: now };
        }
        last = now;
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-name'] });
      (window as unknown as { __failureRows: typeof seen }).__failureRows = seen;
    });
  }

  /**
   * When `name` first showed in "Recent failures" and the failed count around it (null:
   * not yet). Throws when the notes are gone: the page was reloaded since recording began.
   */
  async failureSeen(name: string): Promise<{ at: number; failedBefore: number; failedWith: number } | null> {
    type Notes = Record<string, { at: number; failedBefore: string; failedWith: string }>;
    const row = await this.page.evaluate((n) => {
      const notes = (window as unknown as { __failureRows?: Notes }).__failureRows;
      return notes ? (notes[n] ?? null) : 'reloaded';
    }, name);
    if (row === 'reloaded') throw new Error('the overview was reloaded (or left) after recordFailureRows()');
    return row && { at: row.at, failedBefore: shownNumber(row.failedBefore), failedWith: shownNumber(row.failedWith) };
  }
}
