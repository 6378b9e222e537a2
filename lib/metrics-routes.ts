/**
 * The route label of a request path for metrics: the App Router pattern it matched
 * (`/api/v1/executions/[namespace]/[name]`), never the raw path, so object names do not
 * become label values (unbounded series). lib/metrics-routes.test.ts fails when a route
 * or page under app/ is missing here.
 */
export const ROUTE_PATTERNS = [
  '/',
  '/api/auth/sign-in',
  '/api/auth/sign-out',
  '/api/healthz',
  '/api/readyz',
  '/api/v1/audit/conformance',
  '/api/v1/audit/events',
  '/api/v1/correlations/[id]',
  '/api/v1/correlations/[id]/events/[eventId]',
  '/api/v1/correlations/[id]/export',
  '/api/v1/correlations/[id]/verify',
  '/api/v1/executions',
  '/api/v1/executions/[namespace]/[name]',
  '/api/v1/executions/[namespace]/[name]/audit',
  '/api/v1/executions/outcomes',
  '/api/v1/overview',
  '/api/v1/overview/audit',
  '/api/v1/readiness',
  '/api/v1/readiness/export',
  '/api/v1/readiness/history',
  '/api/v1/readiness/infrastructure',
  '/api/v1/readiness/reports',
  '/api/v1/readiness/runs',
  '/api/v1/readiness/runs/[id]',
  '/api/v1/stream',
  '/audit',
  '/correlations',
  '/correlations/[id]',
  '/executions',
  '/executions/[namespace]/[name]',
  '/readiness',
  '/readiness/runs/[id]',
  '/sign-in',
] as const;

const compiled = ROUTE_PATTERNS.map((pattern) => ({
  pattern,
  // Static segments first: /api/v1/executions/outcomes must not match [namespace].
  specificity: pattern.split('/').filter((s) => s && !s.startsWith('[')).length,
  re: new RegExp(`^${pattern.replace(/\[[^\]]+\]/g, '[^/]+')}/?$`),
})).sort((a, b) => b.specificity - a.specificity);

/** The pattern of `url` (a path with an optional query), or a fixed bucket. */
export function routeLabel(url: string): string {
  const path = url.split('?')[0] ?? '/';
  if (path.startsWith('/_next/static/')) return '/_next/static';
  if (path.startsWith('/_next/')) return '/_next';
  for (const r of compiled) if (r.re.test(path)) return r.pattern;
  return 'other';
}
