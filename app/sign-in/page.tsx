import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { safeNext } from '@/lib/auth/sign-in';
import { publicPage } from '@/lib/route';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const ERRORS: Record<string, string> = {
  malformed: 'That does not look like a bearer token. Paste the token itself (for example from `kubectl create token`).',
  rejected: 'Kubernetes did not accept that token: it may have expired, been revoked, or come from another cluster.',
};

/**
 * Token mode's sign-in: paste a Kubernetes bearer token (as in Headlamp and the
 * Kubernetes Dashboard). A plain form post, so it works before any script has loaded.
 */
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  await publicPage();
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const error = ERRORS[one(params.error) ?? ''];
  const next = safeNext(one(params.next));
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Sign in</h1>
        <p className="text-sm text-fg-muted">
          Paste a Kubernetes bearer token. Flightdeck asks Kubernetes who it belongs to and shows only what that identity may
          read. The token is kept in an encrypted cookie for this browser and never shown again.
        </p>
      </div>
      {one(params.signedOut) && (
        <p role="status" className="rounded-md border border-line bg-surface px-3 py-2 text-sm">
          You are signed out.
        </p>
      )}
      {error && (
        <p role="alert" className="rounded-md border border-line-strong px-3 py-2 text-sm" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <form method="post" action="/api/auth/sign-in" className="space-y-3">
        <input type="hidden" name="next" value={next} />
        <label htmlFor="token" className="block text-sm font-medium">
          Kubernetes token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          className="w-full rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm"
        />
        <Button type="submit">Sign in</Button>
      </form>
    </div>
  );
}
