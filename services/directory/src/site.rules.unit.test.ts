import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@sapa/contracts';
import {
  normalizeEmail,
  normalizeOrigin,
  normalizeOrigins,
  normalizeTimeZone,
} from './site.rules.js';

describe('normalizeOrigin', () => {
  it('gives the form a browser sends in the Origin header', () => {
    expect(normalizeOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(normalizeOrigin('https://Sekolah.Example.ORG')).toBe('https://sekolah.example.org');
    expect(normalizeOrigin('https://example.org:443')).toBe('https://example.org');
    expect(normalizeOrigin('http://example.org:80')).toBe('http://example.org');
    expect(normalizeOrigin('http://example.org:443')).toBe('http://example.org:443');
  });

  it.each([
    'example.org',
    'ftp://example.org',
    'javascript://example.org',
    'https://example.org/path',
    'https://example.org?x=1',
    'https://example.org#top',
    'https://user:pw@example.org',
    'https://example..org',
    'https://.example.org',
    'https://example.org:99999',
    '',
  ])('refuses %j with ValidationError', (origin) => {
    expect(() => normalizeOrigin(origin)).toThrow(ValidationError);
  });

  it('removes duplicates that differ only in spelling, keeping the order', () => {
    expect(
      normalizeOrigins([
        'https://b.example',
        'https://A.example:443',
        'https://a.example',
        'https://b.example',
      ]),
    ).toEqual(['https://b.example', 'https://a.example']);
  });
});

describe('normalizeTimeZone', () => {
  it('accepts IANA names and returns their canonical spelling', () => {
    expect(normalizeTimeZone('Asia/Makassar')).toBe('Asia/Makassar');
    expect(normalizeTimeZone('asia/jakarta')).toBe('Asia/Jakarta');
    expect(normalizeTimeZone('UTC')).toBe('UTC');
    expect(normalizeTimeZone('utc')).toBe('UTC');
    expect(normalizeTimeZone('Etc/GMT+7')).toBe('Etc/GMT+7');
  });

  it('keeps current IANA names that ICU lists only under an older alias', () => {
    expect(normalizeTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(normalizeTimeZone('America/Argentina/Buenos_Aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
  });

  it.each(['Mars/Olympus_Mons', 'Asia/Makasar', '+07:00', 'GMT+7:00', '', 'Asia/../etc', ' UTC'])(
    'refuses %j with ValidationError',
    (timeZone) => {
      expect(() => normalizeTimeZone(timeZone)).toThrow(ValidationError);
    },
  );
});

describe('normalizeEmail', () => {
  it('lower-cases and trims, so addresses differing in case are one account', () => {
    expect(normalizeEmail(' Admin@Example.ORG ')).toBe('admin@example.org');
  });
});
