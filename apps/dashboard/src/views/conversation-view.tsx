import { useEffect, useState } from 'react';
import { Composer } from '../components/composer.js';
import { MessageList } from '../components/message-list.js';
import { VisitorPanel } from '../components/visitor-panel.js';
import { ConvertToTicket } from '../components/convert-to-ticket.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { EMPTY_TIMELINE } from '../state/timeline.js';
import { urgencyOf } from '../state/urgency.js';
import { useNow } from '../state/use-now.js';

/** One conversation: the timeline, the composer, and the visitor's facts beside them. */
export function ConversationView(props: { api: DashboardApi; conversationId: string }) {
  const { api, conversationId } = props;
  const { state, session } = api;
  const me = session.agent.agentId;
  const summary = state.summaries[conversationId];
  const timeline = state.timelines[conversationId] ?? EMPTY_TIMELINE;
  const typing = state.typing[conversationId];
  const [error, setError] = useState<string | undefined>();
  const [, setTick] = useState(0);
  const ring = state.rings[conversationId];
  const now = useNow(Boolean(summary?.status === 'open' && (summary.escalation || ring)));

  // A typing mark lapses by itself when its sender goes quiet: re-render when it does.
  useEffect(() => {
    if (!typing) return undefined;
    const timer = setTimeout(
      () => setTick((tick) => tick + 1),
      Math.max(0, typing.until - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);
  const online = state.connection === 'online';

  // Load (or top up) the history when the conversation is opened or the line comes back.
  useEffect(() => {
    if (online) api.open(conversationId).catch(() => undefined);
    // api changes identity every render: the conversation and the line are what matter.
  }, [conversationId, online]);

  if (!summary) return <p className="muted empty">Loading the conversation…</p>;
  const urgency = urgencyOf(summary, ring, now);

  const closed = summary.status === 'closed';
  const participant = summary.assigneeId === me || summary.participantIds.includes(me);
  const claimedByOther = summary.assigneeId !== null && !participant;

  const act = (action: () => Promise<void>) => () => {
    setError(undefined);
    action().catch((failure: unknown) =>
      setError(failure instanceof Error ? failure.message : String(failure)),
    );
  };

  return (
    <section className="conversation" aria-label="Conversation" data-testid="conversation-view">
      <div className="conversation-main">
        <header className="conversation-head">
          <div>
            <h2 data-testid="conversation-title">{summary.visitorName ?? 'Visitor'}</h2>
            <span className="muted">
              {closed
                ? 'Closed'
                : summary.assigneeName
                  ? `With ${summary.assigneeName}`
                  : 'Waiting for an agent'}
            </span>
            {urgency && (
              <span className={`badge badge-${urgency.level}`} data-testid="conversation-urgency">
                {urgency.label}
              </span>
            )}
          </div>
          <div className="actions">
            <ConvertToTicket token={session.token} conversationId={conversationId} />
            {claimedByOther && !closed && (
              <button type="button" onClick={act(() => api.join(conversationId))}>
                Join
              </button>
            )}
            {!closed && (
              <button
                type="button"
                className="danger"
                onClick={act(() => api.close(conversationId))}
              >
                Close chat
              </button>
            )}
          </div>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <MessageList events={timeline.events} me={me} nameOf={api.nameOf} />
        <p className="typing" aria-live="polite" data-testid="typing">
          {typing && typing.until > Date.now() ? `${typing.name} is typing…` : ''}
        </p>
        {closed ? (
          <p className="muted closed-note">This chat is closed.</p>
        ) : claimedByOther ? (
          <p className="muted closed-note">
            {summary.assigneeName ?? 'Another agent'} has this chat. Join to write.
          </p>
        ) : (
          <Composer
            disabled={!online}
            placeholder={summary.assigneeId === null ? 'Reply to take this chat' : 'Write a reply'}
            onSend={(text, whisper) =>
              whisper ? api.whisper(conversationId, text) : api.send(conversationId, text)
            }
            onTyping={(isTyping) => api.typing(conversationId, isTyping)}
          />
        )}
      </div>
      <VisitorPanel summary={summary} events={timeline.events} />
    </section>
  );
}
