/**
 * The `test` every spec imports: Playwright's, plus page objects. Specs select by role
 * or data-testid through these, so markup changes are fixed in one place.
 */
import { test as base, expect } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { ShellPage } from './pages/shell-page';

interface Fixtures {
  shell: ShellPage;
  overview: OverviewPage;
}

export const test = base.extend<Fixtures>({
  shell: async ({ page }, provide) => {
    await provide(new ShellPage(page));
  },
  overview: async ({ page }, provide) => {
    await provide(new OverviewPage(page));
  },
});

export { expect };
