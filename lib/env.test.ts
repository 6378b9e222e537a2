import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('applies defaults for an empty environment', () => {
    const e = parseEnv({});
    expect(e.WATCH_NAMESPACES).toEqual([]);
    expect(e.DATASTORAGE_TOKEN_FILE).toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
    expect(e.READINESS_NAMESPACES).toEqual(['kubernaut-system', 'kubernaut-workflows']);
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.READINESS_MAX_UPLOAD_BYTES).toBe(50 * 1024 * 1024);
    expect(e.AUDIT_GRACE_SECONDS).toBe(60);
    expect(e.METRICS_PORT).toBe(9464);
    expect(e.SHUTDOWN_DELAY_MS).toBe(5_000);
    expect(e.SHUTDOWN_TIMEOUT_MS).toBe(20_000);
  });

  it('splits namespace lists and trims the Data Storage URL', () => {
    const e = parseEnv({ WATCH_NAMESPACES: 'team-a, team-b,,', DATASTORAGE_URL: 'http://127.0.0.1:18090/' });
    expect(e.WATCH_NAMESPACES).toEqual(['team-a', 'team-b']);
    expect(e.DATASTORAGE_URL).toBe('http://127.0.0.1:18090');
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['DATASTORAGE_URL', 'ftp://example', 'DATASTORAGE_URL: must use http or https'],
    ['DATASTORAGE_TIMEOUT_MS', 'soon', 'DATASTORAGE_TIMEOUT_MS'],
    ['AUDIT_GRACE_SECONDS', '0', 'AUDIT_GRACE_SECONDS: must be greater than 0'],
    ['WATCH_NAMESPACES', 'Team_A', 'DNS-1123'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL: must be a postgres'],
    ['METRICS_PORT', '70000', 'METRICS_PORT: must be a port (1-65535)'],
    ['METRICS_PORT', 'nine', 'METRICS_PORT'],
    ['SHUTDOWN_DELAY_MS', '-1', 'SHUTDOWN_DELAY_MS: must be 0 or more'],
    ['READINESS_INGEST_TOKEN', 'short', 'READINESS_INGEST_TOKEN: must be at least 16'],
  ])('rejects a bad %s with a message naming it', (name, value, expected) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(expected);
  });

  it('never echoes secret values in its error', () => {
    try {
      parseEnv({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
      expect(String(err)).toContain('[redacted]');
    }
  });
});
