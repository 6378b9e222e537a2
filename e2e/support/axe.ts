/**
 * Accessibility scan with axe-core, injected into the page (no extra package). Checks
 * WCAG 2.x A and AA rules; serious and critical findings fail the test.
 */
import axe from 'axe-core';
import { expect, type Page } from '@playwright/test';

export type AxeViolation = Pick<axe.Result, 'id' | 'impact' | 'help' | 'helpUrl'> & {
  nodes: Array<{ target: string; summary: string }>;
};

export interface ScanOptions {
  /** CSS selectors to leave out (for example a third-party widget). */
  exclude?: string[];
  tags?: string[];
}

/** Runs axe on the current page and returns every violation, simplified for reporting. */
export async function scanAccessibility(page: Page, options: ScanOptions = {}): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axe.source });
  return page.evaluate(
    async ({ exclude, tags }) => {
      const context = exclude.length > 0 ? { exclude: exclude.map((s) => [s]) } : document;
      const results = await window.axe.run(context as never, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    { exclude: options.exclude ?? [], tags: options.tags ?? ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  );
}

/** Violations with impact serious or critical: the ones a test fails on. */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Human-readable list for the failure message: rule, impact, help and the elements. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map((n) => `  - ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n\n');
}

/** Fails the test when the page has serious or critical violations, listing them. */
export async function expectNoSeriousViolations(page: Page, what: string, options?: ScanOptions): Promise<void> {
  const found = blocking(await scanAccessibility(page, options));
  expect(found, `axe found serious/critical violations on ${what}:\n\n${describeViolations(found)}`).toEqual([]);
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}
