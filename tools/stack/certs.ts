// Certificates and keys of the stack: a CA, the kube-apiserver serving certificate, an
// admin client certificate (system:masters), the ServiceAccount token signing keypair,
// and Data Storage's audit-export signer. Made with openssl; kept until near expiry.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from './config';
import { log, mkdirp, run, which } from './util';

const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const f = (name: string): string => path.join(paths.certs, name);

export const certFiles = Object.freeze({
  caCrt: f('ca.crt'),
  caKey: f('ca.key'),
  apiserverCrt: f('apiserver.crt'),
  apiserverKey: f('apiserver.key'),
  adminCrt: f('admin.crt'),
  adminKey: f('admin.key'),
  saKey: f('sa.key'),
  saPub: f('sa.pub'),
  signerCrt: path.join(paths.signer, 'tls.crt'),
  signerKey: path.join(paths.signer, 'tls.key'),
});

function openssl(args: string[], cwd?: string): string {
  return run('certs', which('openssl', ['/usr/bin']) || 'openssl', args, { cwd });
}

function loadCert(file: string): crypto.X509Certificate | null {
  try {
    return new crypto.X509Certificate(fs.readFileSync(file));
  } catch {
    return null;
  }
}

/** A certificate is reusable if it parses, is not about to expire and (if given) chains to the CA. */
function usable(crtFile: string, keyFile: string, ca: crypto.X509Certificate | null, check: (cert: crypto.X509Certificate) => boolean = () => true): boolean {
  const cert = loadCert(crtFile);
  if (!cert || !fs.existsSync(keyFile)) return false;
  if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE_MS) return false;
  if (ca && !cert.verify(ca.publicKey)) return false;
  try {
    if (!cert.checkPrivateKey(crypto.createPrivateKey(fs.readFileSync(keyFile)))) return false;
  } catch {
    return false;
  }
  return check(cert);
}

function extFile(lines: string[]): string {
  const file = path.join(os.tmpdir(), `stack-ext-${process.pid}-${crypto.randomBytes(4).toString('hex')}.cnf`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function issueLeaf({ crt, key, subject, ext, days = 365 }: { crt: string; key: string; subject: string; ext: string[]; days?: number }): void {
  const csr = `${crt}.csr`;
  const extPath = extFile(ext);
  try {
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', subject, '-out', csr]);
    openssl([
      'x509', '-req', '-in', csr, '-CA', certFiles.caCrt, '-CAkey', certFiles.caKey,
      '-set_serial', `0x${crypto.randomBytes(16).toString('hex')}`, '-days', String(days),
      '-extfile', extPath, '-out', crt,
    ]);
  } finally {
    fs.rmSync(csr, { force: true });
    fs.rmSync(extPath, { force: true });
  }
  fs.chmodSync(key, 0o600);
}

/**
 * Creates whatever is missing or expiring. Returns the set of things that changed so the
 * caller can restart processes that loaded the old material.
 */
/** A fresh RSA key and a self-signed certificate for it (the CA, Data Storage's signer). */
function issueSelfSigned({ crt, key, subject, ext, days }: { crt: string; key: string; subject: string; ext: string[]; days: number }): void {
  openssl([
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt,
    '-days', String(days), '-subj', subject, ...ext.flatMap((e) => ['-addext', e]),
  ]);
  fs.chmodSync(key, 0o600);
}

/** What ensureCerts may regenerate; processes that loaded the old material restart. */
export type CertName = 'ca' | 'apiserver' | 'admin' | 'sa' | 'signer';

export function ensureCerts(): Set<CertName> {
  mkdirp(paths.certs, 0o700);
  mkdirp(paths.signer, 0o700);
  const changed = new Set<CertName>();

  let ca = loadCert(certFiles.caCrt);
  if (!usable(certFiles.caCrt, certFiles.caKey, null)) {
    issueSelfSigned({
      crt: certFiles.caCrt,
      key: certFiles.caKey,
      days: 3650,
      subject: '/CN=flightdeck-stack-ca',
      ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
    });
    ca = loadCert(certFiles.caCrt);
    changed.add('ca');
  }

  const sans = ['DNS:localhost', 'IP:127.0.0.1', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'IP:10.96.0.1'];
  const hasSans = (cert: crypto.X509Certificate) => (cert.subjectAltName || '').includes('IP Address:127.0.0.1') && (cert.subjectAltName || '').includes('DNS:localhost');
  if (!usable(certFiles.apiserverCrt, certFiles.apiserverKey, ca, hasSans)) {
    issueLeaf({
      crt: certFiles.apiserverCrt,
      key: certFiles.apiserverKey,
      subject: '/CN=kube-apiserver',
      ext: [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${sans.join(',')}`,
      ],
    });
    changed.add('apiserver');
  }

  if (!usable(certFiles.adminCrt, certFiles.adminKey, ca)) {
    issueLeaf({
      crt: certFiles.adminCrt,
      key: certFiles.adminKey,
      subject: '/O=system:masters/CN=flightdeck-stack-admin',
      ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=clientAuth'],
    });
    changed.add('admin');
  }

  if (!fs.existsSync(certFiles.saKey) || !fs.existsSync(certFiles.saPub)) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    fs.writeFileSync(certFiles.saKey, privateKey, { mode: 0o600 });
    fs.writeFileSync(certFiles.saPub, publicKey);
    changed.add('sa');
  }

  // Data Storage signs audit exports with this pair and refuses to start without it;
  // its signer requires an RSA key. Self-signed, as cert-manager's selfsigned issuer would.
  if (!usable(certFiles.signerCrt, certFiles.signerKey, null)) {
    issueSelfSigned({
      crt: certFiles.signerCrt,
      key: certFiles.signerKey,
      days: 365,
      subject: '/O=kubernaut/CN=data-storage-audit-signer',
      ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'],
    });
    changed.add('signer');
  }

  if (changed.size) log(`certs: generated ${[...changed].join(', ')}`);
  return changed;
}

/**
 * A serving certificate signed by the stack's CA for a local TLS endpoint (SAN 127.0.0.1
 * and localhost), as the apiserver calls an admission webhook. Returns whether it was
 * (re)issued, so the caller restarts whatever loaded the old one.
 */
export function ensureServingCert({ crt, key, commonName }: { crt: string; key: string; commonName: string }): boolean {
  mkdirp(path.dirname(crt), 0o700);
  const ca = loadCert(certFiles.caCrt);
  const localSans = (cert: crypto.X509Certificate) => (cert.subjectAltName || '').includes('IP Address:127.0.0.1');
  if (usable(crt, key, ca, localSans)) return false;
  issueLeaf({
    crt,
    key,
    subject: `/CN=${commonName}`,
    ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${commonName}`],
  });
  return true;
}
