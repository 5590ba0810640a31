import { describe, it } from '@jest/globals';
import type { ConversationEvent, VisitorActor } from '@sapa/contracts';
import { decideConversation, type ConversationCommand } from './conversation.decider.js';
import { evolveConversation, initialConversationState } from './conversation.state.js';
import { deciderSpec } from '@sapa/testkit';

const spec = deciderSpec<ConversationCommand, ConversationEvent, typeof initialConversationState>({
  decide: decideConversation,
  evolve: evolveConversation,
  initialState: initialConversationState,
});

const visitor: VisitorActor = { kind: 'visitor', id: 'v1', name: 'Siti' };
const stranger: VisitorActor = { kind: 'visitor', id: 'v2' };
const ani = { kind: 'agent' as const, id: 'a1', name: 'Ani' };
const budi = { kind: 'agent' as const, id: 'a2', name: 'Budi' };

const started: ConversationEvent = {
  type: 'ConversationStarted',
  data: {
    conversationId: 'c1',
    siteId: 's1',
    visitorId: 'v1',
    page: { url: 'https://school.example/ppdb' },
  },
};
const claimedByAni: ConversationEvent = {
  type: 'ChatClaimed',
  data: { agentId: 'a1', agentName: 'Ani' },
};
const closed: ConversationEvent = { type: 'ConversationClosed', data: { closedBy: visitor } };

const whisper = (author: typeof ani, clientMessageId: string): ConversationCommand => ({
  type: 'PostWhisper',
  data: { messageId: `w-${clientMessageId}`, clientMessageId, author, text: 'VIP parent' },
});
const whispered = (author: typeof ani, clientMessageId: string): ConversationEvent => ({
  type: 'WhisperPosted',
  data: { messageId: `w-${clientMessageId}`, clientMessageId, author, text: 'VIP parent' },
});

describe('Conversation aggregate: proactive start, whispers and the visitor’s own commands', () => {
  describe('StartConversation (proactive)', () => {
    it('records the agent who started it, the department and the visitor info', () => {
      const data = {
        conversationId: 'c1',
        siteId: 's1',
        visitorId: 'v1',
        startedBy: ani,
        department: 'admissions',
        visitorInfo: { language: 'id-ID', device: 'mobile' as const, timeZone: 'Asia/Jakarta' },
      };
      spec
        .given([])
        .when({ type: 'StartConversation', data: { ...data, page: undefined } })
        .then([{ type: 'ConversationStarted', data }]);
    });
  });

  describe('PostWhisper', () => {
    it('lets any agent whisper while the chat is unclaimed (and does not claim it)', () => {
      spec
        .given([started])
        .when(whisper(budi, 'w1'))
        .then([whispered(budi, 'w1')]);
    });

    it('lets the assignee whisper', () => {
      spec
        .given([started, claimedByAni])
        .when(whisper(ani, 'w1'))
        .then([whispered(ani, 'w1')]);
    });

    it('refuses a whisper by an agent who is not a participant of a claimed chat', () => {
      spec
        .given([started, claimedByAni])
        .when(whisper(budi, 'w1'))
        .thenThrows({ code: 'not_a_participant' });
    });

    it('does not store a resend of a whisper', () => {
      spec
        .given([started, whispered(ani, 'w1')])
        .when(whisper(ani, 'w1'))
        .thenNothing();
    });

    it('keeps whisper ids apart from message ids', () => {
      spec
        .given([
          started,
          claimedByAni,
          {
            type: 'MessagePosted',
            data: { messageId: 'm1', clientMessageId: 'w1', author: ani, text: 'Halo' },
          },
        ])
        .when(whisper(ani, 'w1'))
        .then([whispered(ani, 'w1')]);
    });

    it('refuses a whisper in a closed conversation', () => {
      spec
        .given([started, closed])
        .when(whisper(ani, 'w1'))
        .thenThrows({ code: 'conversation_closed' });
    });

    it('refuses a whisper in a conversation that does not exist', () => {
      spec.given([]).when(whisper(ani, 'w1')).thenThrows({ code: 'not_found' });
    });
  });

  describe('RecordNavigation', () => {
    const navigate = (who = visitor, url = 'https://school.example/fees'): ConversationCommand => ({
      type: 'RecordNavigation',
      data: { visitor: who, url, title: 'Fees' },
    });

    it('records a new page', () => {
      spec
        .given([started])
        .when(navigate())
        .then([
          { type: 'VisitorNavigated', data: { url: 'https://school.example/fees', title: 'Fees' } },
        ]);
    });

    it('records nothing for a reload of the current page', () => {
      spec.given([started]).when(navigate(visitor, 'https://school.example/ppdb')).thenNothing();
    });

    it('records nothing after the chat was closed', () => {
      spec.given([started, closed]).when(navigate()).thenNothing();
    });

    it('refuses another visitor', () => {
      spec.given([started]).when(navigate(stranger)).thenThrows({ code: 'not_a_participant' });
    });
  });

  describe('ToggleChatWindow', () => {
    const toggle = (minimized: boolean, who = visitor): ConversationCommand => ({
      type: 'ToggleChatWindow',
      data: { visitor: who, minimized },
    });

    it('records a minimise, then a restore', () => {
      spec
        .given([started])
        .when(toggle(true))
        .then([{ type: 'ChatWindowToggled', data: { minimized: true } }]);
      spec
        .given([started, { type: 'ChatWindowToggled', data: { minimized: true } }])
        .when(toggle(false))
        .then([{ type: 'ChatWindowToggled', data: { minimized: false } }]);
    });

    it('records nothing when the window is already in that state', () => {
      spec.given([started]).when(toggle(false)).thenNothing();
    });

    it('refuses another visitor', () => {
      spec.given([started]).when(toggle(true, stranger)).thenThrows({ code: 'not_a_participant' });
    });
  });

  describe('RateConversation', () => {
    const rate = (
      rating: 'good' | 'bad',
      comment?: string,
      who = visitor,
    ): ConversationCommand => ({
      type: 'RateConversation',
      data: { visitor: who, rating, comment },
    });

    it('records a rating with a comment while open', () => {
      spec
        .given([started])
        .when(rate('good', 'Terima kasih'))
        .then([{ type: 'ConversationRated', data: { rating: 'good', comment: 'Terima kasih' } }]);
    });

    it('records a rating after close', () => {
      spec
        .given([started, closed])
        .when(rate('bad'))
        .then([{ type: 'ConversationRated', data: { rating: 'bad' } }]);
    });

    it('lets a later rating replace an earlier one', () => {
      spec
        .given([started, closed, { type: 'ConversationRated', data: { rating: 'bad' } }])
        .when(rate('good'))
        .then([{ type: 'ConversationRated', data: { rating: 'good' } }]);
    });

    it('records nothing for an identical repeat', () => {
      spec
        .given([started, { type: 'ConversationRated', data: { rating: 'bad', comment: 'slow' } }])
        .when(rate('bad', 'slow'))
        .thenNothing();
    });

    it('refuses rating a conversation of another visitor', () => {
      spec
        .given([started])
        .when(rate('bad', 'spam', stranger))
        .thenThrows({ code: 'not_a_participant' });
    });
  });

  describe('RequestTranscript', () => {
    const request = (who = visitor): ConversationCommand => ({
      type: 'RequestTranscript',
      data: { visitor: who, email: 'siti@example.org' },
    });

    it('records the request, also after close', () => {
      const event: ConversationEvent = {
        type: 'TranscriptRequested',
        data: { email: 'siti@example.org' },
      };
      spec.given([started]).when(request()).then([event]);
      spec.given([started, closed]).when(request()).then([event]);
    });

    it('refuses another visitor', () => {
      spec.given([started]).when(request(stranger)).thenThrows({ code: 'not_a_participant' });
    });
  });

  describe('IdentifyVisitor', () => {
    const identify = (verified: boolean, who = visitor): ConversationCommand => ({
      type: 'IdentifyVisitor',
      data: {
        visitor: who,
        name: 'Siti',
        email: 'siti@example.org',
        verified,
        attributes: { class: '7B', nis: '123' },
        // An absent optional field is not stored.
      },
    });
    const identified = (verified: boolean): ConversationEvent => ({
      type: 'VisitorIdentified',
      data: {
        name: 'Siti',
        email: 'siti@example.org',
        verified,
        attributes: { class: '7B', nis: '123' },
      },
    });

    it('records an identification', () => {
      spec
        .given([started])
        .when(identify(true))
        .then([identified(true)]);
    });

    it('records nothing for the same identification again (attribute order aside)', () => {
      spec
        .given([
          started,
          {
            type: 'VisitorIdentified',
            data: {
              name: 'Siti',
              email: 'siti@example.org',
              verified: true,
              attributes: { nis: '123', class: '7B' },
            },
          },
        ])
        .when(identify(true))
        .thenNothing();
    });

    it('records a change of verification', () => {
      spec
        .given([started, identified(false)])
        .when(identify(true))
        .then([identified(true)]);
    });

    it('records nothing after close', () => {
      spec.given([started, closed]).when(identify(true)).thenNothing();
    });

    it('refuses another visitor', () => {
      spec
        .given([started])
        .when(identify(true, stranger))
        .thenThrows({ code: 'not_a_participant' });
    });
  });
});
