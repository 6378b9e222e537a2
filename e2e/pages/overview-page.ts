import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export type StatName = 'running' | 'failed' | 'success' | 'blocked';

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
    return Number((await this.statValue(name).textContent())?.replace(/[^0-9]/g, '') ?? NaN);
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
}
