import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

test.describe('app shell', () => {
  test('reports the real stack as connected, with details on demand', async ({ overview, page }) => {
    // Hydration mismatches and render errors only show up in the console: none allowed.
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));

    await overview.goto();
    await expect(overview.heading).toBeVisible();
    await overview.expectConnected('kubernetes', 'datastorage', 'database');
    await expect(overview.connections).toHaveAttribute('data-state', 'connected');
    // Not colour alone: the button's accessible name says it in words.
    await expect(overview.connectionsButton).toHaveAccessibleName(
      'Connections: Kubernetes connected, Data Storage connected, Database connected',
    );

    await overview.connectionsButton.click();
    const panel = await overview.connectionsPanel();
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('All connections up.');
    // The real API server reports its version; the real Data Storage accepted the token.
    await expect(panel).toContainText(/API server v\d+\.\d+/);
    await expect(panel).toContainText('Authenticated audit query succeeded');
    await expect(panel).toContainText('PostgreSQL');
    await overview.page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(overview.connectionsButton).toBeFocused();

    // The overview's summary reads the same report.
    await expect(overview.connectionSummary).toContainText('Kubernetes · connected');
    await expect(overview.connectionSummary).toContainText('Data Storage · connected');
    expect(errors, 'console errors while loading /').toEqual([]);
  });

  test('says so when the Flightdeck server stops answering', async ({ shell, page }) => {
    await shell.goto('/');
    await shell.expectConnected('kubernetes');
    // Cut the browser off from the readiness endpoint, as a dropped network would.
    await page.route('**/api/readyz', (route) => route.abort('connectionrefused'));
    await shell.connectionsButton.click();
    await (await shell.connectionsPanel()).getByRole('button', { name: 'Check now' }).click();
    await expect(shell.connections).toHaveAttribute('data-state', 'unreachable', { timeout: 20_000 });
    await expect(shell.connections).toContainText('Server unreachable');
    await expect(shell.component('kubernetes')).toHaveAttribute('data-status', 'unknown');
  });

  test('is usable with the keyboard alone', async ({ shell, page }) => {
    await shell.goto('/');

    // The skip link is the first stop and moves focus past the header.
    await page.keyboard.press('Tab');
    await expect(shell.skipLink).toBeFocused();
    await expect(shell.skipLink).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(shell.main).toBeFocused();

    // From the top of a fresh page, Tab reaches the navigation in reading order.
    await shell.goto('/');
    const executions = shell.navLink('Executions');
    const presses = await shell.tabTo(executions);
    expect(presses, 'skip link, brand, then Executions').toBe(3);
    const ring = await executions.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(ring, 'a visible focus ring on the focused link').not.toBe('none');

    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/executions(\?|$)/);
    await expect(shell.navLink('Executions')).toHaveAttribute('aria-current', 'page');
    await expect(shell.navLink('Audit')).not.toHaveAttribute('aria-current', 'page');
  });

  test('switches to dark mode, which persists and applies before any script runs', async ({ shell, page }) => {
    await shell.goto('/');
    await shell.chooseThemeWithKeyboard('Dark');
    await expect(page.locator('html')).toHaveClass(/(^|\s)dark(\s|$)/);
    await expect(page.locator('html')).toHaveCSS('color-scheme', 'dark');

    await page.reload();
    await expect(page.locator('html')).toHaveClass(/(^|\s)dark(\s|$)/);
    await expect(shell.themeOption('Dark')).toBeChecked();

    // No flash of the light theme: with the app's JavaScript blocked, only the inline
    // theme script runs, and it must already have set the class.
    await page.route('**/_next/static/**/*.js', (route) => route.abort());
    await page.reload();
    expect(await shell.htmlClass()).toMatch(/(^|\s)dark(\s|$)/);
    await page.unroute('**/_next/static/**/*.js');

    await shell.goto('/');
    await shell.chooseThemeWithKeyboard('Light');
    await expect(page.locator('html')).not.toHaveClass(/(^|\s)dark(\s|$)/);
  });

  for (const theme of ['Light', 'Dark'] as const) {
    test(`has no serious or critical axe violations in ${theme.toLowerCase()} mode`, async ({ overview, page }) => {
      await overview.goto();
      await overview.chooseTheme(theme);
      await expect(page.locator('html')).toHaveClass(theme === 'Dark' ? /(^|\s)dark(\s|$)/ : /(^|\s)light(\s|$)/);
      await overview.expectConnected('kubernetes', 'datastorage', 'database');
      await expectNoSeriousViolations(page, `/ (${theme})`);

      // The open connections panel too.
      await overview.connectionsButton.click();
      await expect(await overview.connectionsPanel()).toBeVisible();
      await expectNoSeriousViolations(page, `/ with the connections panel open (${theme})`);
    });
  }
});
