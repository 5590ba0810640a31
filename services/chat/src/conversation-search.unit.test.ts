import { describe, expect, it } from '@jest/globals';
import type { ConversationEvent } from '@sapa/contracts';
import {
  SEARCH_TEXT_MAX,
  appendSearchText,
  boundOf,
  escapeRegex,
  searchFilter,
  visitorSearchText,
} from './conversation-search.js';
import { summarizeConversation } from '@sapa/domain';

const agent = { kind: 'agent' as const, id: 'a1', name: 'Ani' };

describe('conversation search', () => {
  it('collects message and whisper text, lower-cased, and nothing else', () => {
    const events: ConversationEvent[] = [
      {
        type: 'ConversationStarted',
        data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1' },
      },
      {
        type: 'MessagePosted',
        data: { messageId: 'm1', clientMessageId: 'x', author: agent, text: 'Biaya SPP' },
      },
      {
        type: 'WhisperPosted',
        data: { messageId: 'm2', clientMessageId: 'y', author: agent, text: 'Alumni Parent' },
      },
      { type: 'VisitorNavigated', data: { url: 'https://x.example/secret' } },
    ];
    expect(events.reduce(appendSearchText, '')).toBe('biaya spp\nalumni parent');
  });

  it('caps the text it keeps', () => {
    const long: ConversationEvent = {
      type: 'MessagePosted',
      data: { messageId: 'm', clientMessageId: 'x', author: agent, text: 'a'.repeat(9000) },
    };
    let text = '';
    for (let i = 0; i < 20; i++) text = appendSearchText(text, long);
    expect(text.length).toBe(SEARCH_TEXT_MAX);
  });

  it('matches user text literally', () => {
    expect(new RegExp(escapeRegex('a.b*(c)')).test('xa.b*(c)y')).toBe(true);
    expect(new RegExp(escapeRegex('a.b')).test('axb')).toBe(false);
  });

  it('reads date-only bounds as whole days (UTC)', () => {
    expect(boundOf('2026-11-22', 'from')).toBe('2026-11-22T00:00:00.000Z');
    expect(boundOf('2026-11-22', 'to')).toBe('2026-11-22T23:59:59.999Z');
    expect(boundOf('2026-11-22T10:00:00+07:00', 'from')).toBe('2026-11-22T03:00:00.000Z');
  });

  it('builds a filter that always names the site', () => {
    expect(
      searchFilter({
        siteId: 's1',
        text: 'SPP',
        visitor: 'Siti@',
        from: '2026-11-01',
        to: '2026-11-30',
        status: 'closed',
        limit: 10,
      }),
    ).toEqual({
      siteId: 's1',
      status: 'closed',
      searchText: { $regex: 'spp' },
      searchVisitor: { $regex: 'siti@' },
      startedAt: { $gte: '2026-11-01T00:00:00.000Z', $lte: '2026-11-30T23:59:59.999Z' },
    });
    expect(searchFilter({ siteId: 's1', limit: 10 })).toEqual({ siteId: 's1' });
  });

  it('matches the visitor by name and e-mail', () => {
    expect(visitorSearchText({ visitorName: 'Siti', visitorEmail: 'S@X.org' })).toBe(
      'siti\ns@x.org',
    );
  });
});

describe('conversation list row, whisper, rating, navigation and identity events', () => {
  it('shows the page, window, whispers, rating, transcript and a verified identity', () => {
    const events: ConversationEvent[] = [
      {
        type: 'ConversationStarted',
        data: {
          conversationId: 'c1',
          siteId: 's1',
          visitorId: 'v1',
          page: { url: 'https://x.example/a', title: 'A' },
          startedBy: agent,
          department: 'admissions',
        },
      },
      { type: 'VisitorNavigated', data: { url: 'https://x.example/b', title: 'B' } },
      { type: 'ChatWindowToggled', data: { minimized: true } },
      {
        type: 'WhisperPosted',
        data: { messageId: 'w', clientMessageId: 'w', author: agent, text: 'note' },
      },
      {
        type: 'VisitorIdentified',
        data: { name: 'Siti', email: 'siti@example.org', verified: true },
      },
      // A later unverified claim does not overwrite a verified identity.
      { type: 'VisitorIdentified', data: { name: 'Mallory', verified: false } },
      { type: 'ConversationRated', data: { rating: 'good', comment: 'cepat' } },
      { type: 'TranscriptRequested', data: { email: 'siti@example.org' } },
    ];
    const row = events.reduce<ReturnType<typeof summarizeConversation>>(
      (summary, event, index) =>
        summarizeConversation(summary, {
          ...event,
          version: index + 1,
          time: '2026-11-22T08:00:00.000Z',
        }),
      null,
    );
    expect(row).toMatchObject({
      currentUrl: 'https://x.example/b',
      currentTitle: 'B',
      minimized: true,
      whisperCount: 1,
      messageCount: 0,
      visitorName: 'Siti',
      visitorEmail: 'siti@example.org',
      visitorVerified: true,
      rating: 'good',
      ratingComment: 'cepat',
      transcriptEmail: 'siti@example.org',
      startedById: 'a1',
      department: 'admissions',
      version: 8,
    });
  });
});
