import { expect, type Locator, type Page } from '@playwright/test';

/** The audit explorer (/audit). */
export class AuditExplorerPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly copyLink: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('audit-table');
    this.rows = this.table.locator('tbody tr');
    this.detail = page.getByTestId('event-detail');
    this.copyLink = page.getByTestId('audit-copy-link');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/audit${query ? `?${query}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Audit events' })).toBeVisible();
  }

  /** The row's event-type button (selects the event). */
  typeButton(eventType: string): Locator {
    return this.table.getByRole('button', { name: eventType, exact: true });
  }
}

/** A correlation timeline (/correlations/{id}). */
export class CorrelationPage {
  readonly detail: Locator;
  readonly canvas: Locator;
  /** The focusable timeline (arrow keys, + and −). */
  readonly timeline: Locator;
  readonly list: Locator;
  readonly window: Locator;
  readonly copyLink: Locator;

  constructor(readonly page: Page) {
    this.detail = page.getByTestId('event-detail');
    this.canvas = page.getByTestId('timeline-canvas');
    this.timeline = page.getByRole('group', { name: /^Timeline of \d+ events/ });
    this.list = page.getByTestId('timeline-event-list');
    this.window = page.getByTestId('timeline-window');
    this.copyLink = page.getByTestId('correlation-copy-link');
  }

  async goto(id: string, query = ''): Promise<void> {
    await this.page.goto(`/correlations/${encodeURIComponent(id)}${query ? `?${query}` : ''}`);
    await expect(this.canvas).toBeVisible();
  }

  row(eventId: string): Locator {
    return this.page.getByTestId(`timeline-row-${eventId}`);
  }

  rowOfType(eventType: string): Locator {
    return this.list.getByRole('option').filter({ hasText: eventType });
  }

  async selectedEventId(): Promise<string | null> {
    return this.detail.getAttribute('data-event-id');
  }
}

/** The audit part of an execution page: failure drill-down and conformance. */
export class ExecutionAuditPage {
  readonly drilldownToggle: Locator;
  readonly drilldown: Locator;
  readonly conformance: Locator;

  constructor(readonly page: Page) {
    this.drilldownToggle = page.getByTestId('failure-drilldown-toggle');
    this.drilldown = page.getByTestId('failure-drilldown');
    this.conformance = page.getByTestId('conformance-panel');
  }

  async goto(namespace: string, name: string): Promise<void> {
    await this.page.goto(`/executions/${namespace}/${name}`);
    await expect(this.page.getByTestId('execution-detail')).toBeVisible();
  }

  row(field: string): Locator {
    return this.drilldown.getByTestId(`failure-row-${field}`);
  }
}
