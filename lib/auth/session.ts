/**
 * The token-mode session: the person's Kubernetes bearer token, encrypted (JWE, direct
 * A256GCM) into one cookie that is HttpOnly, SameSite=Strict and Secure over TLS. The
 * server keeps no session state, so replicas need only share SESSION_SECRET.
 */
import 'server-only';
import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { env } from '../env';

/** `__Host-` binds the cookie to this origin and path "/" (browsers require Secure for it). */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-flightdeck-session' : 'flightdeck-session');

/** Derives the 256-bit content key from a secret of any length (at least 32 characters). */
export function deriveSessionKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'flightdeck', 'session-cookie-v1', 32));
}

let key: Uint8Array | undefined;

/** The session key from SESSION_SECRET or SESSION_SECRET_FILE (read once). */
export function sessionKey(): Uint8Array {
  if (key) return key;
  const e = env();
  const secret = e.SESSION_SECRET ?? (e.SESSION_SECRET_FILE ? readFileSync(e.SESSION_SECRET_FILE, 'utf8').trim() : '');
  if (secret.length < 32) throw new Error('SESSION_SECRET (or the file SESSION_SECRET_FILE names) must hold at least 32 characters');
  key = deriveSessionKey(secret);
  return key;
}

/** Encrypts a bearer token into a cookie value that expires after `maxAgeSeconds`. */
export async function sealSession(token: string, secret: Uint8Array, maxAgeSeconds: number): Promise<string> {
  return new EncryptJWT({ tok: token })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .encrypt(secret);
}

/** The token inside a cookie value, or null when it is forged, tampered with or expired. */
export async function openSession(value: string, secret: Uint8Array): Promise<string | null> {
  try {
    const { payload } = await jwtDecrypt(value, secret, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    return typeof payload.tok === 'string' && payload.tok ? payload.tok : null;
  } catch {
    return null;
  }
}

/** Whether the browser reached us over TLS (directly or through a TLS-terminating proxy). */
export function isSecureRequest(request: Request): boolean {
  if (request.url.startsWith('https:')) return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/** The Set-Cookie value that stores a sealed session. */
export function sessionSetCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return [`${sessionCookieName(secure)}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The Set-Cookie value that deletes the session. */
export function sessionClearCookie(secure: boolean): string {
  return [`${sessionCookieName(secure)}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session cookie of a request, under whichever name its transport allows. */
export function sessionCookieOf(headers: Pick<Headers, 'get'>): string | undefined {
  const header = headers.get('cookie');
  return readCookie(header, sessionCookieName(true)) ?? readCookie(header, sessionCookieName(false));
}

/** Max age of a new session in seconds. */
export const sessionMaxAge = () => env().SESSION_MAX_AGE_SECONDS;
