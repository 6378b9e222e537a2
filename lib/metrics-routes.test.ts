import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_PATTERNS, routeLabel } from './metrics-routes';

/** Every route handler and page under app/, as its URL pattern. */
function appRoutes(dir = 'app', prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Route groups `(x)` and private folders `_x` add no URL segment / no route.
      if (entry.name.startsWith('_')) continue;
      const segment = entry.name.startsWith('(') ? '' : `/${entry.name}`;
      out.push(...appRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (entry.name === 'route.ts' || entry.name === 'page.tsx') {
      out.push(prefix || '/');
    }
  }
  return out;
}

describe('routeLabel', () => {
  it('knows every route and page under app/', () => {
    expect([...new Set(appRoutes())].sort()).toEqual([...ROUTE_PATTERNS].sort());
  });

  it('maps paths to their pattern, static segments first, queries ignored', () => {
    expect(routeLabel('/api/v1/executions/outcomes?phase=Failed')).toBe('/api/v1/executions/outcomes');
    expect(routeLabel('/api/v1/executions/ns-a/we-1')).toBe('/api/v1/executions/[namespace]/[name]');
    expect(routeLabel('/api/v1/executions/ns-a/we-1/audit')).toBe('/api/v1/executions/[namespace]/[name]/audit');
    expect(routeLabel('/executions')).toBe('/executions');
    expect(routeLabel('/')).toBe('/');
  });

  it('buckets static files and unknown paths instead of making new series', () => {
    expect(routeLabel('/_next/static/chunks/abc.js')).toBe('/_next/static');
    expect(routeLabel('/wp-login.php')).toBe('other');
    expect(routeLabel('/api/v1/executions/a/b/c/d')).toBe('other');
  });
});
