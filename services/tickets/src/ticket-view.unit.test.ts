import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@sapa/contracts';
import { buildTicketView, toSummary } from './ticket-view.js';
import { digestChat } from './transcript.js';
import { mailLanguage, subjectFrom, ticketIdForOfflineMessage } from './ticket-ids.js';
import { agent, ticketOpened } from './test-support/ticket-events.js';

const stored = (
  events: Array<{ type: string; data: unknown }>,
  stream = 'ticket-t1',
): StoredEvent[] =>
  events.map((event, index) => ({
    id: `e${index + 1}`,
    stream,
    version: index + 1,
    siteId: 's1',
    type: event.type,
    data: event.data,
    metadata: {},
    time: `2026-01-01T00:00:0${index}.000Z`,
  })) as StoredEvent[];

const opened = ticketOpened({ department: 'sales' });

describe('buildTicketView', () => {
  it('folds the thread, counters and bounce flag', () => {
    const view = buildTicketView(
      stored([
        opened,
        {
          type: 'TicketReplied',
          data: { messageId: 'm1', clientMessageId: 'c1', author: agent, text: 'Here' },
        },
        {
          type: 'TicketNoteAdded',
          data: { noteId: 'n1', clientMessageId: 'c2', author: agent, text: 'fyi' },
        },
        { type: 'TicketAssigned', data: { assignee: { id: 'a1', name: 'Ayu' }, by: agent } },
        { type: 'TicketEmailBounced', data: { email: 'BUDI@example.org', reason: '550' } },
      ]),
    );
    expect(view).toMatchObject({
      number: 1001,
      replyCount: 1,
      noteCount: 1,
      assigneeName: 'Ayu',
      emailBouncing: true,
      version: 5,
      department: 'sales',
    });
    expect(view?.thread.map((entry) => entry.kind)).toEqual([
      'question',
      'reply',
      'note',
      'assignment',
      'bounce',
    ]);
    const summary = toSummary(view!);
    expect(summary).not.toHaveProperty('thread');
    expect(summary).not.toHaveProperty('question');
  });

  it('is null for an empty stream', () => {
    expect(buildTicketView([])).toBeNull();
  });
});

describe('digestChat', () => {
  it('keeps public messages only and learns who the visitor is', () => {
    const digest = digestChat(
      stored(
        [
          {
            type: 'ConversationStarted',
            data: { conversationId: 'c', siteId: 's1', visitorId: 'v', preChat: { name: 'Sari' } },
          },
          {
            type: 'MessagePosted',
            data: {
              messageId: 'm1',
              clientMessageId: 'x',
              author: { kind: 'visitor', id: 'v' },
              text: 'My order?',
            },
          },
          {
            type: 'WhisperPosted',
            data: { messageId: 'm2', clientMessageId: 'y', author: agent, text: 'secret' },
          },
          { type: 'VisitorIdentified', data: { email: 'sari@example.org', verified: false } },
        ],
        'conversation-c',
      ),
    );
    expect(digest).toMatchObject({
      visitorName: 'Sari',
      visitorEmail: 'sari@example.org',
      firstQuestion: 'My order?',
    });
    expect(digest.transcript.map((line) => line.text)).toEqual(['My order?']);
  });
});

describe('ticket ids and subjects', () => {
  it('derives the same id for the same offline message, another for another site', () => {
    expect(ticketIdForOfflineMessage('s1', 'o1')).toBe(ticketIdForOfflineMessage('s1', 'o1'));
    expect(ticketIdForOfflineMessage('s2', 'o1')).not.toBe(ticketIdForOfflineMessage('s1', 'o1'));
    expect(ticketIdForOfflineMessage('s1', 'o1')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes the first non-empty line as the subject', () => {
    expect(subjectFrom('\n  Hello there \nmore')).toBe('Hello there');
    expect(subjectFrom('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('mails in Indonesian only for Indonesian browsers', () => {
    expect(mailLanguage('id-ID')).toBe('id');
    expect(mailLanguage('in')).toBe('id');
    expect(mailLanguage('en-US')).toBe('en');
    expect(mailLanguage(undefined)).toBe('en');
  });
});
