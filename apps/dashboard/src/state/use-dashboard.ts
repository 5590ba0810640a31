import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AgentSocket } from '../api/agent-socket.js';
import { refresh, refreshDelayMs, sessionStore, type Session } from '../api/rest.js';
import type { ConversationSummary, LiveVisitor } from '@sapa/contracts';
import { RequestError } from '../api/request-error.js';
import { obj, str } from './event-data.js';
import { notifyRing, notifyVisitorMessage } from '../notify.js';
import { dashboardReducer, INITIAL_STATE, type DashboardState } from './dashboard.reducer.js';
import { agentNamesFrom, nameLookup, type NameOf } from './system-lines.js';

/** History search, as the conversations.search frame takes it. */
export interface SearchQuery {
  text?: string;
  visitor?: string;
  from?: string;
  to?: string;
  status?: 'open' | 'closed';
}

/** What views can read and do. Every action goes over the socket and resolves on its ack. */
export interface DashboardApi {
  readonly state: DashboardState;
  readonly session: Session;
  readonly unread: number;
  /** An agent's name as far as the dashboard has seen it (claims, messages), else a short id. */
  readonly nameOf: NameOf;
  token(): Promise<string>;
  send(conversationId: string, text: string): Promise<void>;
  whisper(conversationId: string, text: string): Promise<void>;
  join(conversationId: string): Promise<void>;
  close(conversationId: string): Promise<void>;
  setStatus(status: 'online' | 'away' | 'offline'): Promise<void>;
  typing(conversationId: string, isTyping: boolean): void;
  open(conversationId: string): Promise<void>;
  loadClosed(): Promise<void>;
  search(query: SearchQuery): Promise<ConversationSummary[]>;
  invite(visitorId: string, text: string): Promise<string>;
  refreshVisitors(): Promise<void>;
  markRead(): void;
}

const newClientId = () => `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The dashboard's live connection: keeps the token fresh, keeps the socket up, catches up
 * after every (re)connection (list, then resume of every open conversation from the last
 * version held) and turns frames into state.
 */
// eslint-disable-next-line max-lines-per-function -- one hook owning the socket and its callbacks; split with the dashboard state rework
export function useDashboard(
  initial: Session,
  selected: string | null,
  onSignedOut: (reason: string) => void,
  onOpenConversation: (conversationId: string) => void,
): DashboardApi {
  const [state, dispatch] = useReducer(dashboardReducer, INITIAL_STATE);
  const [session, setSession] = useState(initial);
  const [unread, setUnread] = useState(0);
  const sessionRef = useRef(initial);
  const stateRef = useRef(state);
  stateRef.current = state;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const caughtUp = useRef(false);
  const callbacks = useRef({ onSignedOut, onOpenConversation });
  callbacks.current = { onSignedOut, onOpenConversation };

  const token = useCallback(async () => {
    const current = sessionRef.current;
    if (refreshDelayMs(current) > 0) return current.token;
    const fresh = await refresh(current.token);
    sessionRef.current = fresh;
    sessionStore.save(fresh);
    setSession(fresh);
    return fresh.token;
  }, []);

  const socket = useMemo(
    () =>
      new AgentSocket({
        token,
        onState: (connection) => dispatch({ type: 'connection', state: connection }),
        onUnauthorized: () =>
          callbacks.current.onSignedOut('Your session ended; please sign in again.'),
        onFrame: (frame) => {
          switch (frame.type) {
            case 'welcome':
              dispatch({ type: 'status', status: frame.data.status });
              return;
            case 'event': {
              const held = stateRef.current.timelines[frame.event.conversationId]?.version ?? 0;
              dispatch({ type: 'event', event: frame.event });
              if (caughtUp.current && frame.event.version > held) announce(frame.event);
              return;
            }
            case 'typing':
              if (frame.data.actor.kind !== 'visitor') return;
              dispatch({
                type: 'typing',
                conversationId: frame.data.conversationId,
                name: frame.data.actor.name ?? 'Visitor',
                isTyping: frame.data.isTyping,
                now: Date.now(),
              });
              return;
            case 'visitors':
              dispatch({ type: 'visitors', visitors: frame.data.visitors });
              return;
            case 'ring':
              dispatch({ type: 'ring', ...frame.data, now: Date.now() });
              ring(frame.data.conversationId, frame.data.reason);
              return;
            case 'ack':
            case 'error':
            case 'pong':
              return;
            default: {
              const unhandled: never = frame;
              return unhandled;
            }
          }
        },
        onConnected: () => void catchUp(),
      }),
    // The socket lives as long as the signed-in view; its callbacks read refs.
    [],
  );

  function announce(event: {
    conversationId: string;
    type: string;
    data: Readonly<Record<string, unknown>>;
  }) {
    if (event.type !== 'MessagePosted' || obj(event.data, 'author').kind !== 'visitor') return;
    const summary = stateRef.current.summaries[event.conversationId];
    const name = summary?.visitorName ?? 'A visitor';
    if (document.hidden || selectedRef.current !== event.conversationId)
      setUnread((count) => count + 1);
    notifyVisitorMessage(name, str(event.data, 'text') ?? '', () =>
      callbacks.current.onOpenConversation(event.conversationId),
    );
  }

  function ring(conversationId: string, reason: string) {
    const summary = stateRef.current.summaries[conversationId];
    const name = summary?.visitorName ?? 'A visitor';
    notifyRing(
      reason === 'sla' || reason === 'supervisor'
        ? `${name} is still waiting for an answer`
        : `${name} wants an agent`,
      summary?.lastMessageText ?? '',
      () => callbacks.current.onOpenConversation(conversationId),
    );
  }

  async function catchUp(): Promise<void> {
    try {
      const { conversations } = await socket.request<{ conversations: ConversationSummary[] }>(
        'conversations.list',
        { status: 'open' },
      );
      dispatch({ type: 'summaries', conversations });
      const ids = new Set(conversations.map((row) => row.conversationId));
      if (selectedRef.current) ids.add(selectedRef.current);
      await Promise.all([...ids].map((id) => resume(id)));
      caughtUp.current = true;
      await loadVisitors();
    } catch {
      // The socket dropped mid-way; the next welcome runs the catch-up again.
    }
  }

  function resume(conversationId: string) {
    const afterVersion = stateRef.current.timelines[conversationId]?.version ?? 0;
    return socket.request('conversation.resume', { conversationId, afterVersion });
  }

  async function loadVisitors() {
    try {
      const { visitors } = await socket.request<{ visitors: LiveVisitor[] }>('visitors.live');
      dispatch({ type: 'visitors', visitors });
    } catch (error) {
      // A refused list (presence away, say): the page says so instead of failing.
      if (!(error instanceof RequestError)) throw error;
    }
  }

  useEffect(() => {
    socket.start();
    return () => socket.stop();
  }, [socket]);

  // Refresh the token before it lapses, so REST calls and reconnections always have one.
  useEffect(() => {
    const timer = setTimeout(
      () => {
        token().catch((error: unknown) => {
          if (error instanceof RequestError && error.code === 'unauthorized') {
            callbacks.current.onSignedOut('Your session ended; please sign in again.');
          } else {
            // Offline: the socket's next dial retries the refresh.
            setSession({ ...sessionRef.current });
          }
        });
      },
      Math.max(1_000, refreshDelayMs(session)),
    );
    return () => clearTimeout(timer);
  }, [session, token]);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Sapa dashboard` : 'Sapa dashboard';
  }, [unread]);

  const nameOf = useMemo(() => {
    const known: Record<string, string> = {};
    for (const row of Object.values(state.summaries))
      if (row.assigneeId && row.assigneeName) known[row.assigneeId] = row.assigneeName;
    const names = agentNamesFrom(
      Object.values(state.timelines).flatMap((timeline) => timeline.events),
      known,
    );
    names[session.agent.agentId] = session.agent.name;
    return nameLookup(names);
  }, [state.summaries, state.timelines, session.agent]);

  return {
    state,
    session,
    unread,
    nameOf,
    token,
    async send(conversationId, text) {
      await socket.request('message.send', {
        conversationId,
        clientMessageId: newClientId(),
        text,
      });
    },
    async whisper(conversationId, text) {
      await socket.request('whisper.send', {
        conversationId,
        clientMessageId: newClientId(),
        text,
      });
    },
    async join(conversationId) {
      await socket.request('conversation.join', { conversationId });
    },
    async close(conversationId) {
      await socket.request('conversation.close', { conversationId });
    },
    async setStatus(status) {
      const ack = await socket.request<{ status: 'online' | 'away' | 'offline' }>('status.set', {
        status,
      });
      dispatch({ type: 'status', status: ack.status });
    },
    typing(conversationId, isTyping) {
      socket.request('typing', { conversationId, isTyping }).catch(() => undefined);
    },
    async open(conversationId) {
      await resume(conversationId);
    },
    async loadClosed() {
      const { conversations } = await socket.request<{ conversations: ConversationSummary[] }>(
        'conversations.list',
        { status: 'closed' },
      );
      dispatch({ type: 'summaries', conversations });
    },
    async search(query) {
      const { conversations } = await socket.request<{ conversations: ConversationSummary[] }>(
        'conversations.search',
        query,
      );
      dispatch({ type: 'summaries', conversations });
      return conversations;
    },
    async invite(visitorId, text) {
      const { conversationId } = await socket.request<{ conversationId: string }>(
        'visitor.invite',
        {
          visitorId,
          text,
        },
      );
      return conversationId;
    },
    refreshVisitors: loadVisitors,
    markRead() {
      setUnread(0);
    },
  };
}
