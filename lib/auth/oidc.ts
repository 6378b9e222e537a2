/**
 * Proxy mode: the auth proxy (oauth2-proxy with --pass-authorization-header) forwards the
 * person's OpenID Connect ID token as `Authorization: Bearer <jwt>`. Identity comes only
 * from a token whose signature verifies against the issuer's published keys and whose
 * issuer, audience and expiry match; X-Forwarded-User/-Email/-Groups are never read, so a
 * request that bypasses the proxy cannot claim to be anyone.
 */
import 'server-only';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { env } from '../env';

export interface OidcPerson {
  /** The Kubernetes user name (claim plus prefix, as kube-apiserver's --oidc-* flags map it). */
  user: string;
  groups: string[];
  /** What the shell shows: the email when the token has one. */
  display: string;
}

export interface OidcSettings {
  issuer: string;
  audience: string;
  usernameClaim: string;
  usernamePrefix: string;
  groupsClaim: string;
  groupsPrefix: string;
}

/** Maps verified claims onto a Kubernetes identity; null when the username claim is missing. */
export function personFromClaims(payload: JWTPayload, s: OidcSettings): OidcPerson | null {
  const name = payload[s.usernameClaim];
  if (typeof name !== 'string' || !name) return null;
  const rawGroups = payload[s.groupsClaim];
  const groups = (Array.isArray(rawGroups) ? rawGroups : typeof rawGroups === 'string' ? [rawGroups] : [])
    .filter((g): g is string => typeof g === 'string' && g.length > 0)
    .map((g) => s.groupsPrefix + g);
  const email = typeof payload.email === 'string' && payload.email ? payload.email : undefined;
  return { user: s.usernamePrefix + name, groups, display: email ?? name };
}

/** Whether a bearer token claims to come from the configured issuer (unverified peek). */
export function isIssuedBy(token: string, issuer: string): boolean {
  try {
    return decodeJwt(token).iss === issuer;
  } catch {
    return false;
  }
}

type Jwks = ReturnType<typeof createRemoteJWKSet>;
let jwks: { issuer: string; set: Jwks } | undefined;

/**
 * The issuer's key set, located through its discovery document. Both URLs come from
 * server configuration only (never from a request or a token: an attacker-chosen key URL
 * would let any key sign). jose caches the keys and refetches on an unknown `kid`.
 */
async function keySet(issuer: string): Promise<Jwks> {
  if (jwks?.issuer === issuer) return jwks.set;
  const discovery = new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`);
  const res = await fetch(discovery, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== issuer) throw new Error('OIDC discovery names a different issuer than OIDC_ISSUER_URL');
  if (typeof doc.jwks_uri !== 'string') throw new Error('OIDC discovery has no jwks_uri');
  const set = createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: 5_000 });
  jwks = { issuer, set };
  return set;
}

export function oidcSettings(): OidcSettings | null {
  const e = env();
  if (!e.OIDC_ISSUER_URL || !e.OIDC_CLIENT_ID) return null;
  return {
    issuer: e.OIDC_ISSUER_URL,
    audience: e.OIDC_CLIENT_ID,
    usernameClaim: e.OIDC_USERNAME_CLAIM,
    usernamePrefix: e.OIDC_USERNAME_PREFIX,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupsPrefix: e.OIDC_GROUPS_PREFIX,
  };
}

/**
 * Verifies an ID token (signature, issuer, audience, expiry; asymmetric algorithms only)
 * and maps it to a person. Null for any token that does not verify; a provider that
 * cannot be reached throws, which the caller answers with 503, not 401.
 */
export async function verifyIdToken(token: string, s: OidcSettings): Promise<OidcPerson | null> {
  const set = await keySet(s.issuer);
  try {
    const { payload } = await jwtVerify(token, set, {
      issuer: s.issuer,
      audience: s.audience,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 30,
    });
    return personFromClaims(payload, s);
  } catch (err) {
    // Key-set fetch failures mean the provider is down, not that the person is unknown.
    if ((err as { code?: string }).code === 'ERR_JWKS_TIMEOUT') throw err;
    return null;
  }
}
