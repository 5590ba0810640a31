import { describe, expect, it } from '@jest/globals';
import { CATALOGS, format, isLanguage, pickLanguage, timeOfDayGreeting } from './catalog.js';

describe('language catalogs', () => {
  it('every language has every string, none empty', () => {
    const keys = Object.keys(CATALOGS.en).sort();
    for (const [language, catalog] of Object.entries(CATALOGS)) {
      expect([language, Object.keys(catalog).sort()]).toEqual([language, keys]);
      for (const [key, value] of Object.entries(catalog as unknown as Record<string, string>))
        expect([key, value.trim().length > 0]).toEqual([key, true]);
    }
  });

  it('keeps the placeholders of English in every translation', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const catalog of Object.values(CATALOGS)) {
      for (const key of Object.keys(CATALOGS.en) as Array<keyof typeof CATALOGS.en>) {
        expect([key, placeholders(catalog[key])]).toEqual([key, placeholders(CATALOGS.en[key])]);
      }
    }
  });
});

describe('pickLanguage', () => {
  it('prefers the host page, then the site, then the browser list, else English', () => {
    expect(pickLanguage('id', 'en', ['en-US'])).toBe('id');
    expect(pickLanguage(undefined, 'id', ['en-US'])).toBe('id');
    expect(pickLanguage(undefined, undefined, ['fr-FR', 'id-ID', 'en'])).toBe('id');
    expect(pickLanguage('xx', undefined, ['de'])).toBe('en');
    expect(pickLanguage(undefined, undefined, [])).toBe('en');
  });

  it('knows only the languages it has', () => {
    expect(isLanguage('id')).toBe(true);
    expect(isLanguage('toString')).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
  });
});

describe('timeOfDayGreeting', () => {
  it('says Selamat pagi / siang / sore / malam by the visitor clock', () => {
    const at = (hour: number) => timeOfDayGreeting(CATALOGS.id, hour);
    expect([5, 10].map(at)).toEqual(['Selamat pagi', 'Selamat pagi']);
    expect([11, 14].map(at)).toEqual(['Selamat siang', 'Selamat siang']);
    expect([15, 17].map(at)).toEqual(['Selamat sore', 'Selamat sore']);
    expect([18, 23, 0, 3].map(at)).toEqual(Array(4).fill('Selamat malam'));
  });

  it('says good morning / afternoon / evening in English', () => {
    const at = (hour: number) => timeOfDayGreeting(CATALOGS.en, hour);
    expect([8, 13].map(at)).toEqual(['Good morning', 'Good afternoon']);
    expect([16, 20].map(at)).toEqual(['Good afternoon', 'Good evening']);
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(format('{name} is typing…', { name: '<b>Ani</b>' })).toBe('<b>Ani</b> is typing…');
    expect(format('{who} joined', {})).toBe('{who} joined');
  });
});
