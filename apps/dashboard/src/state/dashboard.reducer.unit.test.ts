import { describe, expect, it } from '@jest/globals';
import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import {
  dashboardReducer,
  INITIAL_STATE,
  TYPING_TTL_MS,
  type DashboardState,
} from './dashboard.reducer.js';

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

/** The state after a live event. */
const receive = (state: DashboardState, event: ClientEvent) =>
  dashboardReducer(state, { type: 'event', event });

describe('dashboardReducer', () => {
  it('adds a new conversation to the inbox from its first event', () => {
    const state = receive(INITIAL_STATE, started);
    expect(state.summaries.c1?.status).toBe('open');
    expect(state.timelines.c1?.version).toBe(1);
  });

  it('does not invent a row from a middle event of an unknown conversation (the list re-read brings it)', () => {
    const state = receive(INITIAL_STATE, visitorMessage);
    expect(state.summaries.c1).toBeUndefined();
    expect(state.timelines.c1?.events).toHaveLength(1);
  });

  it('shows typing until the message arrives', () => {
    let state = receive(INITIAL_STATE, started);
    state = dashboardReducer(state, {
      type: 'typing',
      conversationId: 'c1',
      name: 'Siti',
      isTyping: true,
      now: 1000,
    });
    expect(state.typing.c1).toEqual({ name: 'Siti', until: 1000 + TYPING_TTL_MS });
    state = receive(state, visitorMessage);
    expect(state.typing.c1).toBeUndefined();
  });

  it('keeps the newer of a listed row and a live-updated one', () => {
    let state = receive(INITIAL_STATE, started);
    state = receive(state, visitorMessage);
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
    const escalated = (version: number, level: string, waitedSeconds: number, agentIds: string[]) =>
      at(version, 'ConversationEscalated', { level, slaSeconds: 60, waitedSeconds, agentIds });
    const ringing = (assigned = false) => {
      let state = receive(INITIAL_STATE, started);
      state = receive(state, visitorMessage);
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
      state = receive(
        state,
        at(3, 'MessagePosted', { author: { kind: 'visitor', id: 'v1' }, text: 'hello?' }),
      );
      expect(state.rings.c1).toBeDefined();
      state = receive(
        state,
        at(4, 'MessagePosted', { author: { kind: 'agent', id: 'a1' }, text: 'Hi!' }),
      );
      expect(state.rings.c1).toBeUndefined();
    });

    it('a colleague taking the chat ends a ring, but not the claim of my own assignment', () => {
      const claim = at(3, 'ChatClaimed', { agentId: 'a2', agentName: 'Budi' });
      expect(receive(ringing(), claim).rings.c1).toBeUndefined();
      expect(receive(ringing(true), claim).rings.c1).toBeDefined();
    });

    it('an escalation raises the row’s badge; an agent message clears it', () => {
      let state = ringing();
      state = receive(state, escalated(3, 'agents', 60, ['a1']));
      expect(state.summaries.c1?.escalation).toBe('agents');
      state = receive(state, escalated(4, 'supervisors', 120, []));
      expect(state.summaries.c1?.escalation).toBe('supervisors');
      expect(state.timelines.c1?.events.map((event) => event.type)).toContain(
        'ConversationEscalated',
      );
      state = receive(
        state,
        at(5, 'MessagePosted', { author: { kind: 'agent', id: 'a1' }, text: 'Sorry!' }),
      );
      expect(state.summaries.c1?.escalation).toBeNull();
    });

    it('a requeued chat waits afresh: no assignee, no escalation', () => {
      let state = ringing();
      state = receive(state, at(3, 'ChatClaimed', { agentId: 'a2', agentName: 'Budi' }));
      state = dashboardReducer(state, {
        type: 'summaries',
        conversations: [{ ...state.summaries.c1!, version: 4, escalation: 'agents' }],
      });
      state = receive(
        state,
        at(5, 'ConversationRouted', {
          cause: 'requeued',
          mode: 'ring-all',
          outcome: 'ring',
          agentIds: ['a1'],
          previousAgentId: 'a2',
          verdicts: [],
        }),
      );
      expect(state.summaries.c1).toMatchObject({ assigneeId: null, escalation: null });
    });
  });
});
