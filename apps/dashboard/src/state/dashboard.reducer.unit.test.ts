import { describe, expect, it } from '@jest/globals';
import type { ClientEvent } from '../api/wire.js';
import { dashboardReducer, INITIAL_STATE, TYPING_TTL_MS } from './dashboard.reducer.js';

const started: ClientEvent = {
  id: 'e1',
  conversationId: 'c1',
  version: 1,
  type: 'ConversationStarted',
  data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1' },
  time: '2026-11-22T07:00:00.000Z',
};
const visitorMessage: ClientEvent = {
  ...started,
  id: 'e2',
  version: 2,
  type: 'MessagePosted',
  data: {
    author: { kind: 'visitor', id: 'v1' },
    text: 'halo',
    messageId: 'm1',
    clientMessageId: 'x',
  },
};

describe('dashboardReducer', () => {
  it('adds a new conversation to the inbox from its first event', () => {
    const state = dashboardReducer(INITIAL_STATE, { type: 'event', event: started, siteId: 's1' });
    expect(state.summaries.c1?.status).toBe('open');
    expect(state.timelines.c1?.version).toBe(1);
  });

  it('does not invent a row from a middle event of an unknown conversation (the list re-read brings it)', () => {
    const state = dashboardReducer(INITIAL_STATE, {
      type: 'event',
      event: visitorMessage,
      siteId: 's1',
    });
    expect(state.summaries.c1).toBeUndefined();
    expect(state.timelines.c1?.events).toHaveLength(1);
  });

  it('shows typing until the message arrives', () => {
    let state = dashboardReducer(INITIAL_STATE, { type: 'event', event: started, siteId: 's1' });
    state = dashboardReducer(state, {
      type: 'typing',
      conversationId: 'c1',
      name: 'Siti',
      isTyping: true,
      now: 1000,
    });
    expect(state.typing.c1).toEqual({ name: 'Siti', until: 1000 + TYPING_TTL_MS });
    state = dashboardReducer(state, { type: 'event', event: visitorMessage, siteId: 's1' });
    expect(state.typing.c1).toBeUndefined();
  });

  it('keeps the newer of a listed row and a live-updated one', () => {
    let state = dashboardReducer(INITIAL_STATE, { type: 'event', event: started, siteId: 's1' });
    state = dashboardReducer(state, { type: 'event', event: visitorMessage, siteId: 's1' });
    const stale = { ...state.summaries.c1!, version: 1, messageCount: 0 };
    state = dashboardReducer(state, { type: 'summaries', conversations: [stale] });
    expect(state.summaries.c1?.messageCount).toBe(1);
  });

  describe('rings and the SLA badge', () => {
    const at = (version: number, type: string, data: Record<string, unknown>): ClientEvent => ({
      ...started,
      id: `e${version}`,
      version,
      type,
      data,
    });
    const ringing = (assigned = false) => {
      let state = dashboardReducer(INITIAL_STATE, { type: 'event', event: started, siteId: 's1' });
      state = dashboardReducer(state, { type: 'event', event: visitorMessage, siteId: 's1' });
      return dashboardReducer(state, {
        type: 'ring',
        conversationId: 'c1',
        reason: 'new',
        assigned,
        now: 5_000,
      });
    };

    it('marks a rung chat until an agent answers it', () => {
      let state = ringing();
      expect(state.rings.c1).toEqual({ reason: 'new', assigned: false, at: 5_000 });
      // Another visitor line keeps it ringing; the agent's answer ends it.
      state = dashboardReducer(state, {
        type: 'event',
        event: at(3, 'MessagePosted', { author: { kind: 'visitor', id: 'v1' }, text: 'hello?' }),
        siteId: 's1',
      });
      expect(state.rings.c1).toBeDefined();
      state = dashboardReducer(state, {
        type: 'event',
        event: at(4, 'MessagePosted', { author: { kind: 'agent', id: 'a1' }, text: 'Hi!' }),
        siteId: 's1',
      });
      expect(state.rings.c1).toBeUndefined();
    });

    it('a colleague taking the chat ends a ring, but not the claim of my own assignment', () => {
      const claim = at(3, 'ChatClaimed', { agentId: 'a2', agentName: 'Budi' });
      expect(
        dashboardReducer(ringing(), { type: 'event', event: claim, siteId: 's1' }).rings.c1,
      ).toBeUndefined();
      expect(
        dashboardReducer(ringing(true), { type: 'event', event: claim, siteId: 's1' }).rings.c1,
      ).toBeDefined();
    });

    it('an escalation raises the row’s badge; an agent message clears it', () => {
      let state = ringing();
      state = dashboardReducer(state, {
        type: 'event',
        event: at(3, 'ConversationEscalated', {
          level: 'agents',
          slaSeconds: 60,
          waitedSeconds: 60,
          agentIds: ['a1'],
        }),
        siteId: 's1',
      });
      expect(state.summaries.c1?.escalation).toBe('agents');
      state = dashboardReducer(state, {
        type: 'event',
        event: at(4, 'ConversationEscalated', {
          level: 'supervisors',
          slaSeconds: 60,
          waitedSeconds: 120,
          agentIds: [],
        }),
        siteId: 's1',
      });
      expect(state.summaries.c1?.escalation).toBe('supervisors');
      expect(state.timelines.c1?.events.map((event) => event.type)).toContain(
        'ConversationEscalated',
      );
      state = dashboardReducer(state, {
        type: 'event',
        event: at(5, 'MessagePosted', { author: { kind: 'agent', id: 'a1' }, text: 'Sorry!' }),
        siteId: 's1',
      });
      expect(state.summaries.c1?.escalation).toBeNull();
    });

    it('a requeued chat waits afresh: no assignee, no escalation', () => {
      let state = ringing();
      state = dashboardReducer(state, {
        type: 'event',
        event: at(3, 'ChatClaimed', { agentId: 'a2', agentName: 'Budi' }),
        siteId: 's1',
      });
      state = dashboardReducer(state, {
        type: 'summaries',
        conversations: [{ ...state.summaries.c1!, version: 4, escalation: 'agents' }],
      });
      state = dashboardReducer(state, {
        type: 'event',
        event: at(5, 'ConversationRouted', {
          cause: 'requeued',
          mode: 'ring-all',
          outcome: 'ring',
          agentIds: ['a1'],
          previousAgentId: 'a2',
          verdicts: [],
        }),
        siteId: 's1',
      });
      expect(state.summaries.c1).toMatchObject({ assigneeId: null, escalation: null });
    });
  });
});
