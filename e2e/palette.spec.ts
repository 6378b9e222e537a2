/**
 * The command palette and keyboard shortcuts in the browser against the real stack: the
 * palette finds an execution by part of its name (a server-side search) and Enter opens
 * it; `?` shows the shortcuts help; `/` focuses the page's search field.
 */
import { randomBytes } from 'node:crypto';
import { Arranger } from '../tests/integration/executions-fixtures';
import { ExecutionDetailPage, ExecutionsListPage } from './pages/executions-page';
import { PalettePage } from './pages/palette-page';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

const run = randomBytes(3).toString('hex');
const ns = `fd-e2e-palette-${run}`;
const target = `we-palette-${run}-checkout-oom`;
const admin = new Arranger();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await admin.namespace(ns);
  await admin.wfe(ns, target, { workflowId: 'increase-memory', target: `${ns}/Deployment/checkout`, rr: `rr-palette-${run}` });
  await admin.status(ns, target, { phase: 'Completed', startTime: new Date(Date.now() - 60_000).toISOString(), completionTime: new Date().toISOString(), duration: '1m' });
  await admin.wfe(ns, `we-palette-${run}-other`, { workflowId: 'scale-up', target: `${ns}/Deployment/api`, rr: `rr-palette-other-${run}` });
});

test('Ctrl-K finds an execution by part of its name and Enter opens it', async ({ page }) => {
  const palette = new PalettePage(page);
  await page.goto('/readiness');
  await palette.open();
  await expect(palette.dialog).toBeVisible();
  await expect(palette.input).toBeFocused();
  // A middle part of the name: neither its start nor the workflow id.
  await palette.input.fill(`${run}-checkout`);
  await expect(palette.executions).toHaveCount(1);
  await expect(palette.executions).toContainText(target);
  await expect(palette.result(`/correlations/rr-palette-${run}`)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/executions/${ns}/${target}$`));
  await expect(palette.dialog).toBeHidden();
  await expect(new ExecutionDetailPage(page).phase).toHaveAttribute('data-phase', 'Completed');
});

test('the header button opens the palette; arrows and Enter reach a page; Escape closes it', async ({ page }) => {
  const palette = new PalettePage(page);
  await page.goto('/readiness');
  await palette.openButton.click();
  await expect(palette.input).toBeFocused();
  await palette.input.fill('audit');
  await expect(palette.result('/audit')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();
  await expect(palette.openButton).toBeFocused();

  await palette.open();
  await palette.input.fill('correlations');
  await expect(palette.result('/correlations')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(palette.result('/correlations/correlations')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/correlations$/);
});

test('? shows the keyboard shortcuts help and / focuses the search of the page', async ({ page }) => {
  const list = new ExecutionsListPage(page);
  const palette = new PalettePage(page);
  await list.goto(`namespace=${ns}`);
  await expect(list.rows).toHaveCount(2);
  await page.keyboard.press('?');
  await expect(palette.help).toBeVisible();
  for (const action of ['Open the command palette', 'Focus the search or filter field of the page', 'Show these keyboard shortcuts']) await expect(palette.help).toContainText(action);
  await page.keyboard.press('Escape');
  await expect(palette.help).toBeHidden();

  await page.keyboard.press('/');
  await expect(list.search).toBeFocused();
  // Inside the field, `/` and `?` are text.
  await page.keyboard.type('a/b?');
  await expect(list.search).toHaveValue('a/b?');
  await expect(palette.help).toBeHidden();
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`the open palette and the help have no serious axe violations in ${theme.toLowerCase()} mode`, async ({ shell, page }) => {
    const palette = new PalettePage(page);
    await shell.goto('/executions');
    await shell.chooseTheme(theme);
    await palette.open();
    await palette.input.fill(run);
    await expect(palette.executions).toHaveCount(2);
    await expectNoSeriousViolations(page, `the command palette (${theme})`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expect(palette.help).toBeVisible();
    await expectNoSeriousViolations(page, `the shortcuts help (${theme})`);
  });
}
