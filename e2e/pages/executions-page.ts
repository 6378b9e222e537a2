import { expect, type Locator, type Page } from '@playwright/test';

/** The executions list (/executions): filters, counts, chart and the live table. */
export class ExecutionsListPage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly table: Locator;
  readonly phaseCounts: Locator;
  readonly chart: Locator;
  readonly liveStatus: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Executions' });
    this.rows = page.getByTestId('execution-row');
    this.table = page.getByTestId('executions-table');
    this.phaseCounts = page.getByTestId('phase-counts');
    this.chart = page.getByTestId('outcomes-chart');
    this.liveStatus = page.getByTestId('live-status');
    this.search = page.getByTestId('filter-q');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/executions${query ? `?${query}` : ''}`);
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="execution-row"][data-name="${name}"]`);
  }

  phaseChip(phase: string): Locator {
    return this.page.getByTestId(`phase-count-${phase}`);
  }

  async rowNames(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
  }

  async waitLive(): Promise<void> {
    await expect(this.liveStatus).toHaveAttribute('data-state', 'open');
  }
}

/** One execution (/executions/{namespace}/{name}). */
export class ExecutionDetailPage {
  readonly detail: Locator;
  readonly phase: Locator;
  readonly failurePanel: Locator;
  readonly timeline: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId('execution-detail');
    this.phase = this.detail.getByTestId('phase-badge').first();
    this.failurePanel = page.getByTestId('failure-panel');
    this.timeline = page.getByTestId('execution-timeline');
  }

  async goto(namespace: string, name: string): Promise<void> {
    await this.page.goto(`/executions/${namespace}/${name}`);
    await expect(this.detail).toBeVisible();
  }
}
