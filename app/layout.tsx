import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { layoutViewer } from '@/lib/route';
import { AppHeader } from '@/components/shell/app-header';
import { Providers } from '@/components/shell/providers';
import { SkipLink } from '@/components/shell/skip-link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Flightdeck', template: '%s · Flightdeck' },
  description: 'Operator dashboard for Kubernaut: executions, audit trails, correlation timelines and test readiness.',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#151920' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts sets a fresh CSP nonce per page; next-themes' inline script must carry it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const viewer = await layoutViewer();
  return (
    // next-themes sets the theme class on <html> before React hydrates, so the server's
    // markup legitimately differs there.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers nonce={nonce}>
          <SkipLink />
          <AppHeader viewer={viewer} />
          <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-4 outline-none">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
