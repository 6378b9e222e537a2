/**
 * Test readiness end to end: reports for two services are uploaded through the ingest
 * API of the production server, then the matrix, a run's grouped failures, the Markdown
 * export and a live update are checked in the browser. Service names are unique per run;
 * their rows are removed from Flightdeck's database afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import pg from 'pg';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './fixtures';

const RUN = randomBytes(3).toString('hex');
const ALPHA = `e2e-alpha-${RUN}`;
const BETA = `e2e-beta-${RUN}`;
const COMMIT = randomBytes(20).toString('hex');
const SHORT = COMMIT.slice(0, 7);
/** A branch of its own, so the filtered matrix holds exactly this run's services. */
const BRANCH = `e2e-${RUN}`;
const TOKEN = process.env.READINESS_INGEST_TOKEN ?? '';

type Status = 'pass' | 'fail' | 'skip';

/** A JUnit report as go-junit-report writes it; failures carry file:line like Go's testing output. */
function junit(suite: string, cases: Array<[name: string, status: Status, message?: string]>): string {
  const body = cases
    .map(([name, status, message], i) => {
      const open = `    <testcase classname="${suite}" name="${name}" time="0.${(i % 9) + 1}">`;
      if (status === 'fail') {
        return `${open}\n      <failure message="${message}" type="">${message}\n    audit_test.go:${40 + i}: ${message}</failure>\n      <system-out>waiting for audit events from Data Storage</system-out>\n    </testcase>`;
      }
      if (status === 'skip') return `${open}\n      <skipped message="needs a Kind cluster"></skipped>\n    </testcase>`;
      return `${open}</testcase>`;
    })
    .join('\n');
  const failures = cases.filter(([, s]) => s === 'fail').length;
  const skipped = cases.filter(([, s]) => s === 'skip').length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="${suite}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0" time="1.5" timestamp="2026-01-01T10:00:00">
${body}
  </testsuite>
</testsuites>
`;
}

function passing(n: number): Array<[string, Status]> {
  return Array.from({ length: n }, (_, i) => [`Test_${i}`, 'pass']);
}

async function upload(request: APIRequestContext, params: Record<string, string>, report: string): Promise<{ id: string; url: string }> {
  const res = await request.post(`/api/v1/readiness/reports?${new URLSearchParams(params).toString()}`, {
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/xml' },
    data: report,
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as { id: string; url: string };
}

class ReadinessPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto(`/readiness?branch=${BRANCH}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Readiness' })).toBeVisible();
  }

  get matrix(): Locator {
    return this.page.getByRole('region', { name: 'Test results by service and tier' });
  }

  row(service: string): Locator {
    return this.page.getByTestId(`row-${service}`);
  }

  cell(service: string, tier: string): Locator {
    return this.page.getByTestId(`cell-${service}-${tier}`);
  }

  gate(service: string): Locator {
    return this.page.getByTestId(`gate-${service}`);
  }
}

test.describe('test readiness', () => {
  test.beforeAll(async ({ request }) => {
    test.skip(!TOKEN, 'READINESS_INGEST_TOKEN is not set for the server (playwright.config.ts sets a test token)');
    const e2eFailures: Array<[string, Status, string]> = [
      ['TestAuditTrail/emits_selection_event', 'fail', 'expected 3 audit events, got 1 after 30s'],
      ['TestAuditTrail/emits_started_event', 'fail', 'expected 5 audit events, got 2 after 30s'],
      ['TestAuditTrail/emits_completed_event', 'fail', 'expected 4 audit events, got 0 after 31s'],
    ];
    const base = { commit: COMMIT, branch: BRANCH, arch: 'amd64' };
    await upload(request, { ...base, service: ALPHA, tier: 'unit', runId: `u-${RUN}` }, junit('alpha/unit', passing(249)));
    await upload(request, { ...base, service: ALPHA, tier: 'e2e', runId: `e-${RUN}` }, junit('alpha/e2e', [...passing(9), ...e2eFailures]));
    await upload(request, { ...base, service: BETA, tier: 'unit', runId: `u-${RUN}` }, junit('beta/unit', [...passing(74), ['TestNeedsCluster', 'skip']]));
    await upload(request, { ...base, service: BETA, tier: 'e2e', runId: `e-${RUN}` }, junit('beta/e2e', passing(12)));
  });

  test.afterAll(async () => {
    const url = process.env.DATABASE_URL;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DELETE FROM readiness_runs WHERE service = ANY($1::text[])', [[ALPHA, BETA]]);
    } finally {
      await client.end();
    }
  });

  test('shows the matrix with counts, colours and what blocks each service, and exports it as Markdown', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    const readiness = new ReadinessPage(page);
    await readiness.goto();

    await expect(readiness.matrix).toBeVisible();
    await expect(readiness.cell(ALPHA, 'unit').getByTestId('cell-ratio')).toHaveText('249/249');
    await expect(readiness.cell(ALPHA, 'unit')).toHaveAttribute('data-status', 'green');
    await expect(readiness.cell(ALPHA, 'e2e').getByTestId('cell-ratio')).toHaveText('9/12');
    await expect(readiness.cell(ALPHA, 'e2e')).toHaveAttribute('data-status', 'red');
    await expect(readiness.cell(ALPHA, 'e2e')).toContainText('3 failing');
    await expect(readiness.cell(ALPHA, 'e2e').getByRole('link', { name: 'amd64: 9/12 failing' })).toBeVisible();
    await expect(readiness.cell(BETA, 'unit').getByTestId('cell-ratio')).toHaveText('74/74');
    await expect(readiness.cell(BETA, 'unit')).toContainText('1 skipped');

    const alphaGate = readiness.gate(ALPHA);
    await expect(alphaGate).toContainText('Blocked');
    await expect(alphaGate).toContainText(`E2E: 9/12 (3 failing) on ${SHORT}`);
    // The stack runs no Kubernaut Deployments, so infrastructure blocks both services and says why.
    await expect(readiness.gate(BETA)).toContainText(`no Deployment named like "${BETA}"`);
    await expect(readiness.gate(BETA)).not.toContainText('E2E:');

    await page.getByRole('button', { name: 'Export Markdown' }).click();
    const markdown = page.getByRole('textbox', { name: 'Readiness status as Markdown' });
    await expect(markdown).toHaveValue(/\| Service \| Unit \| E2E \| Commit \| Ready \|/);
    const lines = (await markdown.inputValue()).split('\n');
    expect(lines).toContain(`## Readiness (branch ${BRANCH})`);
    expect(lines.find((l) => l.startsWith(`| ${ALPHA} |`))).toMatch(
      new RegExp(`^\\| ${ALPHA} \\| ✅ 249/249 \\| ❌ 9/12 \\(3 failing\\) \\| \`${SHORT}\` \\| ❌ E2E: 9/12 \\(3 failing\\) on ${SHORT}; Infrastructure: `),
    );
    expect(lines.find((l) => l.startsWith(`| ${BETA} |`))).toMatch(new RegExp(`^\\| ${BETA} \\| ✅ 74/74 \\(1 skipped\\) \\| ✅ 12/12 \\| \`${SHORT}\` \\| ❌ Infrastructure: `));

    await expectNoSeriousViolations(page, '/readiness');
    expect(errors).toEqual([]);
  });

  test("opens a run with its failures grouped by signature, each with file, line and output", async ({ page }) => {
    const readiness = new ReadinessPage(page);
    await readiness.goto();
    await readiness.cell(ALPHA, 'e2e').getByRole('link', { name: /^E2E of / }).click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${ALPHA} · E2E · run e-${RUN}`);
    await expect(page.getByTestId('run-status')).toHaveText('9/12 failing');
    await expect(page.getByRole('heading', { name: 'Failures (3 in 1 group)' })).toBeVisible();
    const group = page.getByTestId('failure-group');
    await expect(group).toHaveCount(1);
    await expect(group).toHaveAttribute('data-count', '3');
    await expect(group.getByTestId('group-message')).toHaveText('expected 3 audit events, got 1 after 30s');
    await expect(group).toContainText('signature: expected <n> audit events, got <n> after <duration>');

    // A single group opens by itself; collapsing and re-opening it puts it in the URL.
    const toggle = group.getByRole('button', { expanded: true });
    await toggle.click();
    await expect(group.getByRole('button', { expanded: false })).toBeVisible();
    await group.getByRole('button', { expanded: false }).click();
    await expect(page).toHaveURL(/[?&]group=[0-9a-f]{12}/);
    const cases = group.getByTestId('failed-case');
    await expect(cases).toHaveCount(3);
    await expect(cases.first()).toContainText('TestAuditTrail/emits_selection_event');
    await expect(cases.first().getByTestId('case-location')).toHaveText(/audit_test\.go:\d+/);
    await cases.first().getByText(/^Output/).click();
    await expect(cases.first().locator('pre')).toContainText('waiting for audit events from Data Storage');

    // The link reopens the same view.
    await page.reload();
    await expect(page.getByTestId('failed-case')).toHaveCount(3);

    await expect(page.getByTestId('history-charts')).toBeVisible();
    await expect(page.getByTestId('history-charts').locator('.recharts-line')).toHaveCount(2);
    await expectNoSeriousViolations(page, 'the run page');
  });

  test('updates the open matrix live when a run is re-sent', async ({ page, request, browser }) => {
    const readiness = new ReadinessPage(page);
    await readiness.goto();
    await expect(readiness.cell(ALPHA, 'e2e').getByTestId('cell-ratio')).toHaveText('9/12');
    // A second tab shows the same change (one stream per tab).
    const other = await browser.newPage({ baseURL: page.url().replace(/\/readiness.*/, '') });
    const second = new ReadinessPage(other);
    await second.goto();
    await expect(second.cell(ALPHA, 'e2e').getByTestId('cell-ratio')).toHaveText('9/12');

    // The same run id again: replaces the run (fixed on a re-run), never adds one.
    await upload(request, { service: ALPHA, tier: 'e2e', runId: `e-${RUN}`, commit: COMMIT, branch: BRANCH, arch: 'amd64' }, junit('alpha/e2e', passing(12)));

    for (const p of [readiness, second]) {
      await expect(p.cell(ALPHA, 'e2e').getByTestId('cell-ratio')).toHaveText('12/12', { timeout: 20_000 });
      await expect(p.cell(ALPHA, 'e2e')).toHaveAttribute('data-status', 'green');
      await expect(p.gate(ALPHA)).not.toContainText('E2E:');
    }
    await other.close();
  });
});
