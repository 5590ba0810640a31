import type { SapaEventName } from '../shared.js';
import type { ChatEvent } from './connection.js';
import type { Entry } from './message-log.js';
import type { QueueState } from './queue-notice.js';

/**
 * The visitor's conversation as the widget knows it, folded from the events the gateway sends.
 * Pure data: the widget keeps one, the view is drawn from it.
 */
export interface ConversationState {
  /** The conversation followed (one at a time); none before the first start. */
  readonly conversationId: string | undefined;
  /** The highest version applied: events at or below it are replays and ignored. */
  readonly lastVersion: number;
  readonly ended: boolean;
  /** Events up to this version were history when the page loaded: no `message` API event for them. */
  readonly historyUntil: number;
  /** The agent in the chat (claimed, joined or answered); `name` unset when the event had none. */
  readonly agent: { readonly name: string | undefined } | undefined;
  /** The last place in line the gateway reported while no agent has claimed the chat. */
  readonly queue: QueueState | undefined;
}

export const NO_CONVERSATION: ConversationState = {
  conversationId: undefined,
  lastVersion: 0,
  ended: false,
  historyUntil: 0,
  agent: undefined,
  queue: undefined,
};

/**
 * What applying an event asks of the view and the host page, in order. Derived from the state
 * before the event and the event itself, never stored.
 */
export type EventEffect =
  /** A conversation opened for the visitor elsewhere (a proactive chat, another tab): show it. */
  | { readonly kind: 'adopted' }
  /** Put a line into the message log (`moveToEnd`: a resent message goes to where it was stored). */
  | { readonly kind: 'show'; readonly entry: Entry; readonly moveToEnd: boolean }
  /** The visitor's message is stored: never send it again. */
  | { readonly kind: 'stored'; readonly clientMessageId: string }
  /** An agent is in the chat: their name in the header, the visitor's messages delivered. */
  | { readonly kind: 'agent'; readonly name: string | undefined }
  /** The agent's typing indicator goes off (they answered, or the chat ended). */
  | { readonly kind: 'typing-off' }
  /** An agent message arrived live: count it on the launcher while the window is closed. */
  | { readonly kind: 'unread' }
  /** A `Sapa.on` event for the host page. */
  | { readonly kind: 'host'; readonly event: SapaEventName; readonly detail: unknown };

/** The effects for the view and the host page (the outbox's `stored` is the session's own). */
export type ViewEffect = Exclude<EventEffect, { readonly kind: 'stored' }>;

/** The conversation `conversationId`, followed from its start (the log starts empty). */
export function adopt(state: ConversationState, conversationId: string): ConversationState {
  return { ...NO_CONVERSATION, historyUntil: state.historyUntil, conversationId };
}

/** No conversation (a new chat, or the followed one is unknown to the server). */
export function leave(state: ConversationState): ConversationState {
  return { ...NO_CONVERSATION, historyUntil: state.historyUntil };
}

/** The conversation still waiting for an agent (started, not claimed, not closed), if any. */
export function waitingFor(state: ConversationState): string | undefined {
  return state.ended || state.agent !== undefined ? undefined : state.conversationId;
}

/** True while a conversation is followed and not closed: messages typed now belong to it. */
export function isOpen(state: ConversationState): boolean {
  return state.conversationId !== undefined && !state.ended;
}

/**
 * A `queue` frame: sent on every change and every few seconds while waiting; a late one after
 * the claim (or for a chat we left) is ignored.
 */
export function withQueue(state: ConversationState, queue: QueueState): ConversationState {
  return queue.conversationId === waitingFor(state) ? { ...state, queue } : state;
}

/** How an event meets the state: a replay or someone else's is ignored, a new start adopted. */
function reception(state: ConversationState, event: ChatEvent): 'ignore' | 'adopt' | 'apply' {
  if (event.conversationId !== state.conversationId) {
    return event.type === 'ConversationStarted' && !isOpen(state) ? 'adopt' : 'ignore';
  }
  return event.version > state.lastVersion ? 'apply' : 'ignore';
}

const withAgent = (state: ConversationState, name: string | undefined): ConversationState => ({
  ...state,
  agent: { name },
  queue: undefined,
});

const authorOf = (event: ChatEvent) =>
  event.data.author as { readonly kind: string; readonly id: string; readonly name?: string };

/**
 * The widget's event fold: the state after `event`. An event that changes nothing (a replay,
 * another conversation's while one is open) returns `state` itself.
 */
export function applyEvent(state: ConversationState, event: ChatEvent): ConversationState {
  const how = reception(state, event);
  if (how === 'ignore') return state;
  const base = how === 'adopt' ? adopt(state, event.conversationId) : state;
  const next: ConversationState = { ...base, lastVersion: event.version };
  switch (event.type) {
    case 'MessagePosted': {
      const author = authorOf(event);
      return author.kind === 'visitor' ? next : withAgent(next, author.name);
    }
    case 'ChatClaimed':
    case 'AgentJoined':
      return withAgent(next, String(event.data.agentName));
    case 'ConversationClosed':
      return { ...next, ended: true };
    default:
      // A start, and the other visible events (a rating echo, ...), only advance the version.
      return next;
  }
}

/** What the view and the host page do when `event` is applied to `state` (none if ignored). */
export function eventEffects(state: ConversationState, event: ChatEvent): readonly EventEffect[] {
  const how = reception(state, event);
  if (how === 'ignore') return [];
  const effects: EventEffect[] = how === 'adopt' ? [{ kind: 'adopted' }] : [];
  const live = event.version > state.historyUntil;
  const { conversationId, data } = event;
  switch (event.type) {
    case 'ConversationStarted': {
      const question = (data.preChat as { question?: string } | undefined)?.question;
      if (question) {
        const entry: Entry = {
          kind: 'mine',
          key: `q:${event.id}`,
          text: question,
          time: event.time,
          state: 'sent',
        };
        effects.push({ kind: 'show', entry, moveToEnd: false });
      }
      if (live) effects.push({ kind: 'host', event: 'chat-started', detail: { conversationId } });
      return effects;
    }
    case 'MessagePosted':
      return messageEffects(state, event, live);
    case 'ChatClaimed':
    case 'AgentJoined': {
      const name = String(data.agentName);
      const entry: Entry = { kind: 'joined', key: `v:${event.version}`, who: name };
      return [...effects, { kind: 'agent', name }, { kind: 'show', entry, moveToEnd: false }];
    }
    case 'ConversationClosed':
      effects.push(
        { kind: 'show', entry: { kind: 'ended', key: `v:${event.version}` }, moveToEnd: false },
        { kind: 'typing-off' },
      );
      if (live) effects.push({ kind: 'host', event: 'chat-ended', detail: { conversationId } });
      return effects;
    default:
      // Other visible events (a rating echo, ...) change nothing on screen.
      return effects;
  }
}

function messageEffects(
  state: ConversationState,
  event: ChatEvent,
  live: boolean,
): readonly EventEffect[] {
  const author = authorOf(event);
  const text = String(event.data.text);
  if (author.kind === 'visitor') {
    const clientMessageId = String(event.data.clientMessageId);
    const entry: Entry = {
      kind: 'mine',
      key: `c:${clientMessageId}`,
      text,
      time: event.time,
      state: state.agent ? 'delivered' : 'sent',
    };
    return [
      { kind: 'show', entry, moveToEnd: true },
      { kind: 'stored', clientMessageId },
    ];
  }
  const entry: Entry = {
    kind: 'theirs',
    key: `m:${String(event.data.messageId)}`,
    text,
    who: author.name,
    time: event.time,
  };
  const effects: EventEffect[] = [
    { kind: 'agent', name: author.name },
    { kind: 'show', entry, moveToEnd: false },
    { kind: 'typing-off' },
  ];
  if (live) {
    const detail = { text, author: author.name ?? '', conversationId: event.conversationId };
    effects.push({ kind: 'unread' }, { kind: 'host', event: 'message', detail });
  }
  return effects;
}
