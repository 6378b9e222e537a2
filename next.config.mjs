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
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
