import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIssuedBy, personFromClaims, verifyIdToken, type OidcSettings } from './oidc';

// A key pair and a discovery document served on loopback: the unit under test is the
// verification (signature, issuer, audience, expiry), not a provider. The E2E spec signs
// in through a real provider and oauth2-proxy.
let server: http.Server;
let settings: OidcSettings;
let sign: (claims: JWTPayload, opts?: { exp?: string; key?: CryptoKey; kid?: string }) => Promise<string>;
let otherKey: CryptoKey;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = http.createServer((req, res) => {
    const issuer = settings.issuer;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  settings = { issuer, audience: 'flightdeck', usernameClaim: 'email', usernamePrefix: '', groupsClaim: 'groups', groupsPrefix: 'oidc:' };
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? privateKey);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const good = () => ({ iss: settings.issuer, aud: 'flightdeck', sub: 'alice', email: 'alice@example.com', groups: ['team-b'] });

describe('verifyIdToken', () => {
  it('maps a valid token onto a Kubernetes user and prefixed groups', async () => {
    expect(await verifyIdToken(await sign(good()), settings)).toEqual({ user: 'alice@example.com', groups: ['oidc:team-b'], display: 'alice@example.com' });
  });
  it.each([
    ['another issuer', { iss: 'http://127.0.0.1:1/' }],
    ['another audience', { aud: 'someone-else' }],
    ['no username claim', { email: undefined }],
  ])('refuses %s', async (_name, override) => {
    expect(await verifyIdToken(await sign({ ...good(), ...override }), settings)).toBeNull();
  });
  it('refuses an expired token, a foreign key and an unsigned token', async () => {
    expect(await verifyIdToken(await sign(good(), { exp: '-5m' }), settings)).toBeNull();
    expect(await verifyIdToken(await sign(good(), { key: otherKey }), settings)).toBeNull();
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...good(), exp: Math.floor(Date.now() / 1000) + 300, iat: Math.floor(Date.now() / 1000) })).toString('base64url');
    expect(await verifyIdToken(`${header}.${body}.`, settings)).toBeNull();
  });
});

describe('claims', () => {
  it('peeks at the issuer without trusting it', async () => {
    expect(isIssuedBy(await sign(good()), settings.issuer)).toBe(true);
    expect(isIssuedBy('not-a-jwt', settings.issuer)).toBe(false);
  });
  it('accepts a single group string and drops non-strings', () => {
    expect(personFromClaims({ sub: 'u', groups: 'g' }, { ...settings, usernameClaim: 'sub', usernamePrefix: 'oidc:', groupsPrefix: '' })).toEqual({ user: 'oidc:u', groups: ['g'], display: 'u' });
    expect(personFromClaims({ sub: 'u', groups: [1, 'g'] }, { ...settings, usernameClaim: 'sub' })?.groups).toEqual(['oidc:g']);
  });
});
