import { describe, expect, it } from '@jest/globals';
import type { ChatEvent } from './connection.js';
import {
  adopt,
  applyEvent,
  eventEffects,
  leave,
  NO_CONVERSATION,
  waitingFor,
  withQueue,
  type ConversationState,
} from './conversation.reducer.js';

const c1 = { conversationId: 'c1', time: '2026-11-22T07:00:00.000Z' };
/** The event of conversation c1 at `version`. */
const at = (version: number, type: string, data: Record<string, unknown> = {}): ChatEvent => ({
  ...c1,
  ...{ id: `e${version}`, version, type, data },
});
const started = at(1, 'ConversationStarted', { preChat: { name: 'Siti', question: 'Kapan?' } });
const fromVisitor = (version: number, clientMessageId: string) =>
  at(version, 'MessagePosted', {
    author: { kind: 'visitor', id: 'v1' },
    text: 'halo',
    messageId: `m${version}`,
    clientMessageId,
  });
const fromAgent = (version: number, name: string | null = 'Ani') =>
  at(version, 'MessagePosted', {
    author: { kind: 'agent', id: 'a1', ...(name ? { name } : {}) },
    text: 'Selamat siang',
    messageId: `m${version}`,
    clientMessageId: 'a-1',
  });
const queue = { conversationId: 'c1', position: 2, eligibleAgents: 1, slaSeconds: 60 };

/** Applies events one after the other, from no conversation. */
const fold = (events: readonly ChatEvent[], from: ConversationState = NO_CONVERSATION) =>
  events.reduce(applyEvent, from);
const kinds = (state: ConversationState, event: ChatEvent) =>
  eventEffects(state, event).map((effect) => effect.kind);

describe('applyEvent', () => {
  it('follows a conversation from its start, live after the page loaded', () => {
    const state = applyEvent(NO_CONVERSATION, started);
    expect(state).toEqual({ ...NO_CONVERSATION, conversationId: 'c1', lastVersion: 1 });
    expect(eventEffects(NO_CONVERSATION, started)).toEqual([
      { kind: 'adopted' },
      {
        kind: 'show',
        entry: { kind: 'mine', key: 'q:e1', text: 'Kapan?', time: started.time, state: 'sent' },
        moveToEnd: false,
      },
      { kind: 'host', event: 'chat-started', detail: { conversationId: 'c1' } },
    ]);
  });

  it('tells the host page nothing about events that were history when the page loaded', () => {
    const resumed = { ...adopt(NO_CONVERSATION, 'c1'), historyUntil: 3 };
    expect(kinds(resumed, started)).toEqual(['show']);
    const closed = at(3, 'ConversationClosed');
    expect(kinds(fold([started], resumed), closed)).toEqual(['show', 'typing-off']);
    expect(kinds(fold([started], resumed), fromAgent(2))).toEqual(['agent', 'show', 'typing-off']);
  });

  it("shows the visitor's stored message where it was stored, and drops it from the outbox", () => {
    const state = fold([started]);
    const event = fromVisitor(2, 'w-1');
    expect(applyEvent(state, event)).toEqual({ ...state, lastVersion: 2 });
    expect(eventEffects(state, event)).toEqual([
      {
        kind: 'show',
        entry: { kind: 'mine', key: 'c:w-1', text: 'halo', time: event.time, state: 'sent' },
        moveToEnd: true,
      },
      { kind: 'stored', clientMessageId: 'w-1' },
    ]);
  });

  it("marks the visitor's message delivered once an agent is in the chat", () => {
    const state = fold([started, at(2, 'ChatClaimed', { agentName: 'Ani' })]);
    const [shown] = eventEffects(state, fromVisitor(3, 'w-2'));
    expect(shown).toMatchObject({ kind: 'show', entry: { state: 'delivered' } });
  });

  it("takes an agent's message as the agent being in the chat, and announces it live", () => {
    const waiting = withQueue(fold([started]), queue);
    const event = fromAgent(2);
    expect(applyEvent(waiting, event)).toEqual({
      ...waiting,
      lastVersion: 2,
      agent: { name: 'Ani' },
      queue: undefined,
    });
    expect(eventEffects(waiting, event)).toEqual([
      { kind: 'agent', name: 'Ani' },
      {
        kind: 'show',
        entry: { kind: 'theirs', key: 'm:m2', text: 'Selamat siang', who: 'Ani', time: event.time },
        moveToEnd: false,
      },
      { kind: 'typing-off' },
      { kind: 'unread' },
      {
        kind: 'host',
        event: 'message',
        detail: { text: 'Selamat siang', author: 'Ani', conversationId: 'c1' },
      },
    ]);
  });

  it('leaves a nameless author unnamed (the view says "Agent" in the visitor\'s language)', () => {
    const state = fold([started, fromAgent(2, null)]);
    expect(state.agent).toEqual({ name: undefined });
    expect(eventEffects(fold([started]), fromAgent(2, null))).toContainEqual({
      kind: 'host',
      event: 'message',
      detail: { text: 'Selamat siang', author: '', conversationId: 'c1' },
    });
  });

  it.each(['ChatClaimed', 'AgentJoined'])('%s puts the agent in the chat and says so', (type) => {
    const waiting = withQueue(fold([started]), queue);
    const event = at(2, type, { agentName: 'Budi' });
    expect(applyEvent(waiting, event)).toMatchObject({ agent: { name: 'Budi' }, queue: undefined });
    expect(eventEffects(waiting, event)).toEqual([
      { kind: 'agent', name: 'Budi' },
      { kind: 'show', entry: { kind: 'joined', key: 'v:2', who: 'Budi' }, moveToEnd: false },
    ]);
  });

  it('ends the conversation on ConversationClosed', () => {
    const state = fold([started, fromAgent(2)]);
    const closed = at(3, 'ConversationClosed');
    expect(applyEvent(state, closed)).toEqual({ ...state, lastVersion: 3, ended: true });
    expect(eventEffects(state, closed)).toEqual([
      { kind: 'show', entry: { kind: 'ended', key: 'v:3' }, moveToEnd: false },
      { kind: 'typing-off' },
      { kind: 'host', event: 'chat-ended', detail: { conversationId: 'c1' } },
    ]);
  });

  it('only advances the version for other visible events (a rating echo)', () => {
    const state = fold([started, at(2, 'ConversationClosed')]);
    const rated = at(3, 'ConversationRated', { rating: 'good' });
    expect(applyEvent(state, rated)).toEqual({ ...state, lastVersion: 3 });
    expect(eventEffects(state, rated)).toEqual([]);
  });

  it('ignores a replayed or older event: the same state, nothing shown twice', () => {
    const state = fold([started, fromVisitor(2, 'w-1')]);
    for (const replay of [started, fromVisitor(2, 'w-1')]) {
      expect(applyEvent(state, replay)).toBe(state);
      expect(eventEffects(state, replay)).toEqual([]);
    }
  });

  it('accepts versions that jump (events the visitor does not see are skipped)', () => {
    expect(fold([started, fromAgent(7)]).lastVersion).toBe(7);
  });

  it("ignores another conversation's events while one is open", () => {
    const state = fold([started]);
    const elsewhere = { ...started, conversationId: 'c2' };
    expect(applyEvent(state, elsewhere)).toBe(state);
    expect(applyEvent(state, { ...fromAgent(2), conversationId: 'c2' })).toBe(state);
  });

  it('adopts a conversation started elsewhere (a proactive chat) once the last one ended', () => {
    const ended = fold([started, at(2, 'ConversationClosed')]);
    const proactive = { ...started, id: 'e9', conversationId: 'c2', data: {} };
    expect(applyEvent(ended, proactive)).toEqual({
      ...NO_CONVERSATION,
      conversationId: 'c2',
      lastVersion: 1,
    });
    expect(kinds(ended, proactive)).toEqual(['adopted', 'host']);
    // Only a start is adopted: a middle event of another conversation is not.
    expect(applyEvent(ended, { ...fromAgent(3), conversationId: 'c2' })).toBe(ended);
  });
});

describe('the wait in line', () => {
  it('keeps the queue frame of the chat that waits, and none after the claim or the end', () => {
    const waiting = fold([started]);
    expect(waitingFor(waiting)).toBe('c1');
    expect(withQueue(waiting, queue).queue).toEqual(queue);
    expect(withQueue(waiting, { ...queue, conversationId: 'c2' })).toBe(waiting);
    const claimed = fold([at(2, 'ChatClaimed', { agentName: 'Ani' })], waiting);
    expect(waitingFor(claimed)).toBeUndefined();
    expect(withQueue(claimed, queue)).toBe(claimed);
    const closed = fold([at(2, 'ConversationClosed')], waiting);
    expect(withQueue(closed, queue)).toBe(closed);
    expect(withQueue(NO_CONVERSATION, queue)).toBe(NO_CONVERSATION);
  });
});

describe('adopt and leave', () => {
  it('start a conversation afresh and keep where the history ended', () => {
    const state = { ...fold([started, fromAgent(2)]), historyUntil: 2 };
    expect(adopt(state, 'c2')).toEqual({
      ...NO_CONVERSATION,
      conversationId: 'c2',
      historyUntil: 2,
    });
    expect(leave(state)).toEqual({ ...NO_CONVERSATION, historyUntil: 2 });
  });
});
