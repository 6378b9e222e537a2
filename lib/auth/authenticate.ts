/**
 * Who sent a request, proven or refused. The only reader of credentials:
 * - `Authorization: Bearer <token>`: in proxy mode a token from the configured OpenID
 *   issuer is verified as an ID token; any other bearer token (every mode but `none`) is
 *   a Kubernetes token, checked with TokenReview.
 * - token mode: the encrypted session cookie, whose token is checked with TokenReview.
 * - serviceaccount / none: Flightdeck's own identity.
 * Identity headers (X-Forwarded-User and friends) are never read: they prove nothing.
 */
import 'server-only';
import { AppError } from '../errors';
import { env } from '../env';
import { personFromToken, type Person } from './access';
import { authMode, type AuthMode } from './mode';
import { isIssuedBy, oidcSettings, verifyIdToken } from './oidc';
import { openSession, sessionCookieOf, sessionKey } from './session';

export type Authentication =
  /** Flightdeck's own ServiceAccount decides (serviceaccount and none modes). */
  | { mode: AuthMode; person: null; via: 'self' }
  | { mode: AuthMode; person: Person; via: 'id-token' | 'bearer' | 'session' };

/** The bearer token of an Authorization header, if it has one. */
export function bearerOf(headers: Pick<Headers, 'get'>): string | undefined {
  const header = headers.get('authorization');
  const match = header ? /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(header) : null;
  return match?.[1];
}

const unauthorized = (message: string) => new AppError('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer realm="flightdeck"' } });

/**
 * Authenticates one request; throws 401 `unauthorized` when it proves no one, and 503
 * when Kubernetes or the identity provider cannot be asked.
 */
export async function authenticate(headers: Pick<Headers, 'get'>): Promise<Authentication> {
  const e = env();
  const mode = authMode(e);
  if (mode === 'none') return { mode, person: null, via: 'self' };

  const bearer = bearerOf(headers);
  if (bearer) {
    const oidc = mode === 'proxy' ? oidcSettings() : null;
    if (oidc && isIssuedBy(bearer, oidc.issuer)) {
      let person: Person | null;
      try {
        person = await verifyIdToken(bearer, oidc);
      } catch (err) {
        throw new AppError('unavailable:identity-provider', 'The identity provider could not be reached to check your sign-in.', { cause: err });
      }
      if (!person) throw unauthorized('Your sign-in could not be verified (the ID token is invalid or expired). Sign in again.');
      return { mode, person, via: 'id-token' };
    }
    const person = await personFromToken(bearer);
    if (!person) throw unauthorized('Kubernetes did not accept the bearer token (expired, revoked or from another cluster).');
    return { mode, person, via: 'bearer' };
  }

  if (mode === 'serviceaccount') return { mode, person: null, via: 'self' };
  if (mode === 'token') {
    const cookie = sessionCookieOf(headers);
    const token = cookie ? await openSession(cookie, sessionKey()) : null;
    const person = token ? await personFromToken(token) : null;
    if (!person) throw unauthorized('Sign in with a Kubernetes token to use Flightdeck.');
    return { mode, person, via: 'session' };
  }
  throw unauthorized('Sign in through the auth proxy: this request carries no verifiable identity.');
}
