import { expect, type Locator, type Page } from '@playwright/test';

export type ComponentName = 'kubernetes' | 'datastorage' | 'database';
export type ThemeName = 'Light' | 'Dark' | 'System';

/** The app shell present on every page: skip link, navigation, connections, theme. */
export class ShellPage {
  readonly skipLink: Locator;
  readonly brand: Locator;
  readonly nav: Locator;
  readonly main: Locator;
  readonly connections: Locator;
  readonly connectionsButton: Locator;
  readonly themeSwitcher: Locator;

  constructor(readonly page: Page) {
    this.skipLink = page.getByRole('link', { name: 'Skip to content' });
    this.brand = page.getByRole('link', { name: 'Flightdeck', exact: true });
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.main = page.locator('main#main');
    this.connections = page.getByTestId('connection-indicator');
    this.connectionsButton = this.connections.getByRole('button', { name: /^Connections:/ });
    this.themeSwitcher = page.getByRole('group', { name: 'Theme' });
  }

  async goto(path = '/'): Promise<void> {
    await this.page.goto(path);
  }

  navLink(name: 'Executions' | 'Audit' | 'Correlations' | 'Readiness'): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  component(name: ComponentName): Locator {
    return this.page.getByTestId(`connection-${name}`);
  }

  /** The panel the indicator button opens (its aria-controls target). */
  async connectionsPanel(): Promise<Locator> {
    const id = await this.connectionsButton.getAttribute('aria-controls');
    return this.page.locator(`[id="${id}"]`);
  }

  async expectConnected(...names: ComponentName[]): Promise<void> {
    // The first check may run while a cold server opens its database pool.
    for (const name of names) await expect(this.component(name)).toHaveAttribute('data-status', 'up', { timeout: 20_000 });
  }

  themeOption(name: ThemeName): Locator {
    return this.themeSwitcher.getByRole('radio', { name });
  }

  /** Picks a theme with the mouse: the visible control is the radio's label (an icon). */
  async chooseTheme(name: ThemeName): Promise<void> {
    await this.themeSwitcher.getByTitle(name, { exact: true }).click();
    await expect(this.themeOption(name)).toBeChecked();
  }

  /** Picks a theme the way a keyboard user does: focus the group, arrow to the option. */
  async chooseThemeWithKeyboard(name: ThemeName): Promise<void> {
    const option = this.themeOption(name);
    const checked = this.themeSwitcher.getByRole('radio', { checked: true });
    await (await checked.count() ? checked : this.themeOption('Light')).focus();
    for (let i = 0; i < 3 && !(await option.isChecked()); i++) await this.page.keyboard.press('ArrowRight');
    await expect(option).toBeChecked();
  }

  /** Presses Tab until `target` has focus (at most `max` times); fails otherwise. */
  async tabTo(target: Locator, max = 15): Promise<number> {
    for (let presses = 1; presses <= max; presses++) {
      await this.page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return presses;
    }
    throw new Error(`focus did not reach the element within ${max} Tab presses`);
  }

  async htmlClass(): Promise<string> {
    return (await this.page.locator('html').getAttribute('class')) ?? '';
  }
}
