import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { WidgetSettings, defaultWidgetSettings } from '@sapa/contracts';
import { identityHash, newIdentitySecret, verifyIdentityHash } from './site-settings.store.js';

describe('identity hash', () => {
  const secret = newIdentitySecret();

  it('is the hex HMAC-SHA256 of the e-mail a host site computes', () => {
    const expected = createHmac('sha256', secret).update('siti@example.org').digest('hex');
    expect(identityHash(secret, 'siti@example.org')).toBe(expected);
    expect(verifyIdentityHash(secret, 'siti@example.org', expected)).toBe(true);
    expect(verifyIdentityHash(secret, 'siti@example.org', expected.toUpperCase())).toBe(true);
  });

  it('refuses a wrong, foreign or malformed hash', () => {
    const right = identityHash(secret, 'siti@example.org');
    expect(verifyIdentityHash(secret, 'budi@example.org', right)).toBe(false);
    expect(verifyIdentityHash(newIdentitySecret(), 'siti@example.org', right)).toBe(false);
    expect(verifyIdentityHash(secret, 'siti@example.org', 'zz')).toBe(false);
    expect(verifyIdentityHash(secret, 'siti@example.org', `${right}00`)).toBe(false);
  });

  it('makes a new 256-bit secret each time', () => {
    expect(newIdentitySecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(newIdentitySecret()).not.toBe(newIdentitySecret());
  });
});

describe('widget settings', () => {
  it('has defaults for every field that pass the schema', () => {
    expect(WidgetSettings.parse(defaultWidgetSettings('SMPN 1'))).toMatchObject({
      siteName: 'SMPN 1',
      position: 'bottom-right',
      offlineBehavior: 'form',
    });
  });

  it('refuses a non-https logo, a bad colour and a long greeting', () => {
    const base = defaultWidgetSettings('SMPN 1');
    expect(WidgetSettings.safeParse({ ...base, logoUrl: 'http://x.example/l.png' }).success).toBe(
      false,
    );
    expect(WidgetSettings.safeParse({ ...base, logoUrl: 'javascript:alert(1)' }).success).toBe(
      false,
    );
    expect(WidgetSettings.safeParse({ ...base, color: 'red' }).success).toBe(false);
    expect(WidgetSettings.safeParse({ ...base, greeting: 'x'.repeat(501) }).success).toBe(false);
    expect(
      WidgetSettings.safeParse({ ...base, mobile: { position: 'bottom-left' }, language: 'id' })
        .success,
    ).toBe(true);
  });
});
