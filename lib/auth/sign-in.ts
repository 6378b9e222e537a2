/**
 * Token mode's sign-in and sign-out: a person pastes a Kubernetes bearer token, Kubernetes
 * vouches for it (TokenReview), and it is kept only inside the encrypted session cookie.
 */
import 'server-only';
import { AppError } from '../errors';
import { env } from '../env';
import { personFromToken } from './access';
import { authMode } from './mode';
import { isSecureRequest, sealSession, sessionClearCookie, sessionKey, sessionMaxAge, sessionSetCookie } from './session';

/** A local path to return to after sign-in; anything else (other sites, `//host`) goes home. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && !value.startsWith('/api/') && value.length <= 2000 ? value : '/';
}

const seeOther = (location: string, cookie?: string) =>
  new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) } });

/** Handles the sign-in form (`token`, `next`): 303 to `next` with the cookie, or back to the form. */
export async function signIn(request: Request): Promise<Response> {
  if (authMode(env()) !== 'token') throw new AppError('not_found', 'Sign-in with a token is only available when AUTH_MODE=token.');
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the sign-in form (application/x-www-form-urlencoded).');
  }
  const form = await request.formData();
  const next = safeNext(form.get('next'));
  const raw = form.get('token');
  const token = typeof raw === 'string' ? raw.trim().replace(/^Bearer\s+/i, '') : '';
  const back = (error: string) => seeOther(`/sign-in?error=${error}&next=${encodeURIComponent(next)}`);
  if (!token || token.length > 16_384 || !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) return back('malformed');
  const person = await personFromToken(token);
  if (!person) return back('rejected');
  const maxAge = sessionMaxAge();
  const sealed = await sealSession(token, sessionKey(), maxAge);
  return seeOther(next, sessionSetCookie(sealed, isSecureRequest(request), maxAge));
}

/** Clears the session cookie and returns to the sign-in page. */
export function signOut(request: Request): Response {
  return seeOther('/sign-in?signedOut=1', sessionClearCookie(isSecureRequest(request)));
}
