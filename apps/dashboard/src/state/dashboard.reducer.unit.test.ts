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
});
