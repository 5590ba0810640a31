import { describe, expect, it } from '@jest/globals';
import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import { browserOf, durationSince, localTime, visitorProfile } from './visitor-profile.js';

const at = (version: number, type: string, data: Record<string, unknown>): ClientEvent => ({
  id: `e${version}`,
  conversationId: 'c1',
  version,
  type,
  data,
  time: `2026-11-22T07:0${version}:00.000Z`,
});

describe('visitorProfile', () => {
  it('folds start, navigation and identification into the panel facts', () => {
    const profile = visitorProfile([
      at(1, 'ConversationStarted', {
        page: {
          url: 'https://school.example/',
          title: 'Home',
          referrer: 'https://search.example/',
        },
        preChat: { name: 'Siti', question: 'PPDB?' },
        department: 'smp',
        visitorInfo: {
          userAgent:
            'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36',
          language: 'id-ID',
          timeZone: 'Asia/Makassar',
          device: 'mobile',
        },
      }),
      at(2, 'VisitorNavigated', { url: 'https://school.example/fees', title: 'Fees' }),
      at(3, 'VisitorIdentified', {
        email: 'siti@example.org',
        verified: true,
        attributes: { class: '7B' },
      }),
    ]);
    expect(profile).toMatchObject({
      name: 'Siti',
      email: 'siti@example.org',
      verified: true,
      attributes: { class: '7B' },
      referrer: 'https://search.example/',
      device: 'mobile',
      browser: 'Chrome 131 on Android',
      language: 'id-ID',
      timeZone: 'Asia/Makassar',
      question: 'PPDB?',
      department: 'smp',
    });
    expect(profile.pages.map((page) => page.title)).toEqual(['Home', 'Fees']);
    expect(profile.currentPage?.url).toBe('https://school.example/fees');
  });

  it('keeps a verified identity when the page later claims another without a signature', () => {
    const signed = { name: 'Siti Aminah', email: 'siti@school.example', verified: true };
    const unsigned = { name: 'Mallory', email: 'mallory@example.org', verified: false };
    const profile = visitorProfile([
      at(1, 'ConversationStarted', { preChat: { name: 'Siti' } }),
      at(2, 'VisitorIdentified', signed),
      at(3, 'VisitorIdentified', { ...unsigned, attributes: { plan: 'basic' } }),
    ]);
    expect(profile).toMatchObject({ ...signed, attributes: { plan: 'basic' } });
  });

  it('tells local time in the visitor zone, and nothing for a bad zone', () => {
    const noonUtc = new Date('2026-11-22T12:00:00Z');
    expect(localTime('Asia/Makassar', noonUtc)).toBe('20:00');
    expect(localTime('Not/AZone', noonUtc)).toBeUndefined();
    expect(localTime(undefined, noonUtc)).toBeUndefined();
  });

  it('names browsers and durations for a glance', () => {
    expect(browserOf('Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox 133 on Windows',
    );
    expect(durationSince(0, 30_000)).toBe('just now');
    expect(durationSince(0, 5 * 60_000)).toBe('5 min');
    expect(durationSince(0, 80 * 60_000)).toBe('1 h 20 min');
  });
});
