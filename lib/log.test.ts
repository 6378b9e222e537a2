import { describe, expect, it } from 'vitest';
import { redactText } from './log';

describe('redactText', () => {
  it('removes bearer tokens and JWTs', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXBhcnQ';
    const out = redactText(`headers: {"Authorization":"Bearer sekret-123"} token=${jwt}`);
    expect(out).not.toContain('sekret-123');
    expect(out).not.toContain(jwt);
    expect(out).toContain('Bearer [redacted]');
  });
});
