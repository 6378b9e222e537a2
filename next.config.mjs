/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // What ships is .next/standalone/server.js with only the traced node_modules (see the
  // Dockerfile); tools/standalone.ts copies public/ and .next/static beside it.
  output: 'standalone',
  // Nothing uses next/image: without the optimizer the artifact carries no native module
  // (sharp), so one image builds for linux/amd64 and linux/arm64.
  images: { unoptimized: true },
  outputFileTracingExcludes: { '*': ['node_modules/sharp/**', 'node_modules/@img/**'] },
  poweredByHeader: false,
  // Native / WASM packages that must stay as runtime requires on the server.
  serverExternalPackages: ['@kubernetes/client-node', '@electric-sql/pglite', 'pg'],
  // forbidden() and unauthorized() render app/forbidden.tsx and app/unauthorized.tsx with
  // real 403/401 statuses when a page's authorization fails (lib/route.ts).
  experimental: { authInterrupts: true },
  // Static hardening for every response. Pages get their per-request nonce CSP (and HSTS
  // over TLS) from proxy.ts; API routes are kept out of proxy.ts because a proxy buffers
  // request bodies (report uploads stream), so their CSP is set here.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          {
            key: 'Permissions-Policy',
            value: 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()',
          },
        ],
      },
      {
        // API answers are data, never documents: nothing may run in or frame them.
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }],
      },
    ];
  },
};

export default nextConfig;
