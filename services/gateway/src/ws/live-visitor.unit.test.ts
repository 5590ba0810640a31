import { describe, expect, it } from '@jest/globals';
import { deviceOf, primaryLanguage, visitorInfoFromHeaders } from './live-visitor.js';

describe('deviceOf', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36',
      'desktop',
    ],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120 Mobile Safari/537.36', 'mobile'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1', 'tablet'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X200) Chrome/120 Safari/537.36', 'tablet'],
  ] as const)('%s → %s', (userAgent, device) => {
    expect(deviceOf(userAgent)).toBe(device);
  });

  it('knows nothing without a user agent', () => {
    expect(deviceOf(undefined)).toBeUndefined();
    expect(deviceOf('')).toBeUndefined();
  });
});

describe('primaryLanguage', () => {
  it('takes the first tag', () => {
    expect(primaryLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id-ID');
    expect(primaryLanguage('en')).toBe('en');
  });
  it('ignores junk and absence', () => {
    expect(primaryLanguage(undefined)).toBeUndefined();
    expect(primaryLanguage('*')).toBeUndefined();
    expect(primaryLanguage('<script>')).toBeUndefined();
  });
});

describe('visitorInfoFromHeaders', () => {
  it('reads the user agent and language of the upgrade request', () => {
    expect(
      visitorInfoFromHeaders({
        'user-agent': 'Mozilla/5.0 (iPhone) Mobile',
        'accept-language': 'id',
      }),
    ).toEqual({ userAgent: 'Mozilla/5.0 (iPhone) Mobile', device: 'mobile', language: 'id' });
    expect(visitorInfoFromHeaders({})).toEqual({});
  });
});
