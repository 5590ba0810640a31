import { describe, it } from '@jest/globals';
import type { ConversationEvent } from '@sapa/contracts';
import { decideConversation, type ConversationCommand } from './conversation.decider.js';
import { evolveConversation, initialConversationState } from './conversation.state.js';
import { deciderSpec } from '@sapa/testkit';

const spec = deciderSpec<ConversationCommand, ConversationEvent, typeof initialConversationState>({
  decide: decideConversation,
  evolve: evolveConversation,
  initialState: initialConversationState,
});

const visitor = { kind: 'visitor' as const, id: 'v1', name: 'Siti' };
const ani = { kind: 'agent' as const, id: 'a1', name: 'Ani' };
const budi = { kind: 'agent' as const, id: 'a2', name: 'Budi' };

const startedData = {
  conversationId: 'c1',
  siteId: 's1',
  visitorId: 'v1',
  page: { url: 'https://school.example/ppdb', title: 'PPDB' },
};
const started: ConversationEvent = { type: 'ConversationStarted', data: startedData };
const visitorSaid = (clientMessageId: string, text = 'Halo'): ConversationEvent => ({
  type: 'MessagePosted',
  data: { messageId: `m-${clientMessageId}`, clientMessageId, author: visitor, text },
});
const post = (
  author: typeof visitor | typeof ani,
  clientMessageId: string,
  text = 'Halo',
): ConversationCommand => ({
  type: 'PostMessage',
  data: { messageId: `m-${clientMessageId}`, clientMessageId, author, text },
});
const claimedByAni: ConversationEvent = {
  type: 'ChatClaimed',
  data: { agentId: 'a1', agentName: 'Ani' },
};
const closedByVisitor: ConversationEvent = {
  type: 'ConversationClosed',
  data: { closedBy: visitor },
};

describe('Conversation aggregate', () => {
  describe('StartConversation', () => {
    const start: ConversationCommand = { type: 'StartConversation', data: startedData };

    it('starts a new conversation with the page and pre-chat fields', () => {
      spec.given([]).when(start).then([started]);
    });

    it('refuses to start a conversation twice', () => {
      spec.given([started]).when(start).thenThrows({ code: 'conflict' });
    });
  });

  describe('PostMessage', () => {
    it('stores a visitor message', () => {
      spec
        .given([started])
        .when(post(visitor, 'x1'))
        .then([visitorSaid('x1')]);
    });

    it('does not store a resend with the same client message id', () => {
      spec
        .given([started, visitorSaid('x1')])
        .when(post(visitor, 'x1'))
        .thenNothing();
    });

    it('treats the same client id from another author as a different message', () => {
      spec
        .given([started, visitorSaid('x1'), claimedByAni])
        .when(post(ani, 'x1', 'Selamat pagi'))
        .then([
          {
            type: 'MessagePosted',
            data: { messageId: 'm-x1', clientMessageId: 'x1', author: ani, text: 'Selamat pagi' },
          },
        ]);
    });

    it('lets the first agent reply claim the chat', () => {
      spec
        .given([started, visitorSaid('x1')])
        .when(post(ani, 'y1', 'Selamat pagi'))
        .then([
          claimedByAni,
          {
            type: 'MessagePosted',
            data: { messageId: 'm-y1', clientMessageId: 'y1', author: ani, text: 'Selamat pagi' },
          },
        ]);
    });

    it('refuses a second agent who has not joined', () => {
      spec
        .given([started, claimedByAni])
        .when(post(budi, 'z1'))
        .thenThrows({ code: 'not_a_participant' });
    });

    it('lets an agent who joined write without claiming', () => {
      spec
        .given([
          started,
          claimedByAni,
          { type: 'AgentJoined', data: { agentId: 'a2', agentName: 'Budi' } },
        ])
        .when(post(budi, 'z1'))
        .then([
          {
            type: 'MessagePosted',
            data: { messageId: 'm-z1', clientMessageId: 'z1', author: budi, text: 'Halo' },
          },
        ]);
    });

    it('refuses a visitor writing into someone else’s conversation', () => {
      spec
        .given([started])
        .when(post({ kind: 'visitor', id: 'v2', name: 'Eve' }, 'x1'))
        .thenThrows({ code: 'not_a_participant' });
    });

    it('refuses a message to a closed conversation', () => {
      spec
        .given([started, closedByVisitor])
        .when(post(visitor, 'x2'))
        .thenThrows({ code: 'conversation_closed' });
    });

    it('still answers a resend after close as already stored', () => {
      spec
        .given([started, visitorSaid('x1'), closedByVisitor])
        .when(post(visitor, 'x1'))
        .thenNothing();
    });

    it('refuses a message to a conversation that does not exist', () => {
      spec.given([]).when(post(visitor, 'x1')).thenThrows({ code: 'not_found' });
    });
  });

  describe('JoinConversation', () => {
    const join = (agent: typeof ani): ConversationCommand => ({
      type: 'JoinConversation',
      data: { agent },
    });

    it('adds an agent to a claimed chat', () => {
      spec
        .given([started, claimedByAni])
        .when(join(budi))
        .then([{ type: 'AgentJoined', data: { agentId: 'a2', agentName: 'Budi' } }]);
    });

    it('is idempotent for an agent already in the chat', () => {
      spec.given([started, claimedByAni]).when(join(ani)).thenNothing();
    });

    it('refuses to join a closed chat', () => {
      spec
        .given([started, closedByVisitor])
        .when(join(budi))
        .thenThrows({ code: 'conversation_closed' });
    });

    it('refuses to join a chat that does not exist', () => {
      spec.given([]).when(join(budi)).thenThrows({ code: 'not_found' });
    });
  });

  describe('CloseConversation', () => {
    const close = (by: typeof visitor | typeof ani): ConversationCommand => ({
      type: 'CloseConversation',
      data: { by },
    });

    it('is closed by the visitor', () => {
      spec.given([started]).when(close(visitor)).then([closedByVisitor]);
    });

    it('is closed by an agent', () => {
      spec
        .given([started, claimedByAni])
        .when(close(ani))
        .then([{ type: 'ConversationClosed', data: { closedBy: ani } }]);
    });

    it('is idempotent once closed', () => {
      spec.given([started, closedByVisitor]).when(close(ani)).thenNothing();
    });

    it('refuses another visitor', () => {
      spec
        .given([started])
        .when(close({ kind: 'visitor', id: 'v9', name: 'Eve' }))
        .thenThrows({ code: 'not_a_participant' });
    });

    it('refuses to close a chat that does not exist', () => {
      spec.given([]).when(close(visitor)).thenThrows({ code: 'not_found' });
    });
  });
});
