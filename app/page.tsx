import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectionSummary } from '@/components/shell/connection-summary';
import { pageIdentity } from '@/lib/route';

export const metadata: Metadata = { title: 'Overview' };

const AREAS = [
  {
    href: '/executions',
    title: 'Executions',
    text: 'WorkflowExecutions across namespaces: phase, duration, and what failed, where and why.',
  },
  {
    href: '/audit',
    title: 'Audit',
    text: 'Audit events from Data Storage, filtered by type, category, outcome and time.',
  },
  {
    href: '/correlations',
    title: 'Correlations',
    text: "One remediation's events as a timeline, lane by service, from signal to outcome.",
  },
  {
    href: '/readiness',
    title: 'Readiness',
    text: 'Test results per service and tier: history, trends, flaky tests and the readiness gate.',
  },
] as const;

export default async function OverviewPage() {
  // Any signed-in person; the connection summary reads /api/readyz (up or down only).
  await pageIdentity('session:read');
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Overview</h1>
        <p className="text-sm text-fg-muted">What Kubernaut is remediating, what it recorded, and whether Flightdeck can see it all.</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <section aria-labelledby="areas-heading">
          <h2 id="areas-heading" className="sr-only">
            Areas
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {AREAS.map((area) => (
              <li key={area.href}>
                <Link
                  href={area.href}
                  className="group block h-full rounded-lg border border-line bg-surface p-4 transition-colors hover:border-accent"
                >
                  <span className="flex items-center justify-between text-sm font-semibold text-fg">
                    {area.title}
                    <span aria-hidden="true" className="text-fg-muted group-hover:text-accent">
                      →
                    </span>
                  </span>
                  <span className="mt-1 block text-sm text-fg-muted">{area.text}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <ConnectionSummary />
      </div>
    </div>
  );
}
