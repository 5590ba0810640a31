import { describe, expect, it } from '@jest/globals';
import type { LooseClientEvent as ClientEvent, ConversationSummary } from '@sapa/contracts';
import { addEvent, EMPTY_TIMELINE, foldersOf, summarize } from './timeline.js';

const event = (version: number, type: string, data: Record<string, unknown> = {}): ClientEvent => ({
  id: `e${version}`,
  conversationId: 'c1',
  version,
  type,
  data,
  time: `2026-11-22T07:00:0${version % 10}.000Z`,
});

/** The row after `events` folded into `from` (none: a new conversation); they must make one. */
const fold = (from: ConversationSummary | undefined, ...events: ClientEvent[]) => {
  const row = events.reduce<ConversationSummary | undefined>(summarize, from);
  if (row === undefined) throw new Error('no row');
  return row;
};

const started = event(1, 'ConversationStarted', {
  conversationId: 'c1',
  siteId: 's1',
  visitorId: 'v1',
  page: { url: 'https://school.example/ppdb' },
  preChat: { name: 'Siti', email: 'siti@example.org' },
});

describe('timeline', () => {
  it('keeps events in version order, each once, whatever order they arrive in', () => {
    let timeline = EMPTY_TIMELINE;
    for (const version of [2, 1, 3, 2, 1]) timeline = addEvent(timeline, event(version, 'X'));
    expect(timeline.events.map((each) => each.version)).toEqual([1, 2, 3]);
    expect(timeline.version).toBe(3);
  });

  it('builds a waiting row from ConversationStarted and moves it with later events', () => {
    let row = fold(undefined, started);
    expect(row).toMatchObject({ visitorName: 'Siti', status: 'open', assigneeId: null });
    expect(foldersOf(row, 'a1')).toEqual(['open', 'waiting']);

    row = fold(
      row,
      event(2, 'MessagePosted', { author: { kind: 'visitor', id: 'v1' }, text: 'hi' }),
    );
    expect(row).toMatchObject({ messageCount: 1, lastMessageText: 'hi' });
    row = fold(row, event(3, 'ChatClaimed', { agentId: 'a1', agentName: 'Ani' }));
    expect(foldersOf(row, 'a1')).toEqual(['open', 'mine']);
    expect(foldersOf(row, 'a2')).toEqual(['open']);
    row = fold(row, event(4, 'VisitorNavigated', { url: 'https://school.example/fees' }));
    expect(row.currentUrl).toBe('https://school.example/fees');
    row = fold(row, event(5, 'ConversationClosed', { closedBy: { kind: 'agent', id: 'a1' } }));
    expect(foldersOf(row, 'a1')).toEqual(['closed']);
  });

  it('gives no row from a middle event of a conversation it has not seen start', () => {
    expect(summarize(undefined, event(2, 'ChatClaimed', { agentId: 'a1', agentName: 'Ani' }))).toBe(
      undefined,
    );
  });

  it('ignores an event the row already reflects (a list re-read after live events)', () => {
    const row = { ...fold(undefined, started), version: 5, messageCount: 3 };
    const same = summarize(
      row,
      event(4, 'MessagePosted', { author: { kind: 'visitor' }, text: 'old' }),
    );
    expect(same).toBe(row);
  });

  it('counts an agent who wrote as a participant, so the chat is theirs too', () => {
    const row = fold(
      undefined,
      started,
      event(2, 'MessagePosted', {
        author: { kind: 'agent', id: 'a2', name: 'Budi' },
        text: 'hello',
      }),
    );
    expect(foldersOf(row, 'a2')).toContain('mine');
  });
});
