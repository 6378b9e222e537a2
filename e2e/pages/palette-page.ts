import type { Locator, Page } from '@playwright/test';

/** The command palette, the shortcuts help and the header button that opens the palette. */
export class PalettePage {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly executions: Locator;
  readonly help: Locator;
  readonly openButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Command palette' });
    this.input = page.getByTestId('command-palette-input');
    this.executions = page.getByTestId('palette-execution');
    this.help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    this.openButton = page.getByTestId('open-command-palette');
  }

  /** Opens the palette with Ctrl-K (Chromium on Linux). */
  async open(): Promise<void> {
    await this.page.keyboard.press('Control+k');
  }

  /** The option of the result whose link is `href`. */
  result(href: string): Locator {
    return this.dialog.locator(`[data-href="${href}"]`);
  }
}
