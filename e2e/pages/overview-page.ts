import type { Locator, Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** `/`: links to the four areas and the connection summary. */
export class OverviewPage extends ShellPage {
  readonly heading: Locator;
  readonly connectionSummary: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Overview' });
    this.connectionSummary = page.getByRole('region', { name: 'Connections' });
  }

  override async goto(): Promise<void> {
    await super.goto('/');
  }

  areaLink(name: 'Executions' | 'Audit' | 'Correlations' | 'Readiness'): Locator {
    return this.page.getByRole('region', { name: 'Areas' }).getByRole('link', { name: new RegExp(`^${name}`) });
  }
}
