import { useEffect, useState } from 'react';
import type { ConversationSummary } from '@sapa/contracts';
import { Composer } from '../components/composer.js';
import { MessageList } from '../components/message-list.js';
import { VisitorPanel } from '../components/visitor-panel.js';
import { ConvertToTicket } from '../components/convert-to-ticket.js';
import type { TypingMark } from '../state/dashboard.reducer.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { EMPTY_TIMELINE } from '../state/timeline.js';
import { urgencyOf, type Urgency } from '../state/urgency.js';
import { useNow } from '../state/use-now.js';
import { ErrorLine } from '../components/error-line.js';
import { errorText } from '../state/use-load.js';
import { UrgencyBadge } from '../components/urgency-badge.js';
import { phoneText } from '../phone-texts.js';

/** One conversation: the timeline, the composer, and the visitor's facts beside them. */
export function ConversationView(props: { api: DashboardApi; conversationId: string }) {
  const { api, conversationId } = props;
  const { state, session } = api;
  const me = session.agent.agentId;
  const summary = state.summaries[conversationId];
  const timeline = state.timelines[conversationId] ?? EMPTY_TIMELINE;
  const typing = state.typing[conversationId];
  const [error, setError] = useState<string | undefined>();
  // On a phone the visitor's facts fold away behind a button (styles.css).
  const [visitorShown, setVisitorShown] = useState(false);
  const ring = state.rings[conversationId];
  const now = useNow(Boolean(summary?.status === 'open' && (summary.escalation || ring)));

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
    action().catch((failure: unknown) => setError(errorText(failure)));
  };

  return (
    <section
      className={visitorShown ? 'conversation visitor-shown' : 'conversation'}
      aria-label="Conversation"
      data-testid="conversation-view"
    >
      <div className="conversation-main">
        <header className="conversation-head">
          <ConversationTitle summary={summary} urgency={urgency} />
          <ConversationActions
            api={api}
            conversationId={conversationId}
            token={session.token}
            closed={closed}
            claimedByOther={claimedByOther}
            visitorShown={visitorShown}
            toggleVisitor={() => setVisitorShown((shown) => !shown)}
            act={act}
          />
        </header>
        <ErrorLine message={error} />
        <MessageList events={timeline.events} me={me} nameOf={api.nameOf} />
        <TypingLine typing={typing} />
        {closed || claimedByOther ? (
          <p className="muted closed-note">
            {closed
              ? 'This chat is closed.'
              : `${summary.assigneeName ?? 'Another agent'} has this chat. Join to write.`}
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

/** The header's buttons: the visitor's facts on a phone, ticket, join, close. */
function ConversationActions(props: {
  api: DashboardApi;
  conversationId: string;
  token: string;
  closed: boolean;
  claimedByOther: boolean;
  visitorShown: boolean;
  toggleVisitor: () => void;
  act: (action: () => Promise<void>) => () => void;
}) {
  const { api, conversationId, closed, claimedByOther, visitorShown, act } = props;
  return (
    <div className="actions">
      <button
        type="button"
        className="visitor-toggle"
        aria-expanded={visitorShown}
        onClick={props.toggleVisitor}
      >
        {phoneText(visitorShown ? 'hideVisitorDetails' : 'visitorDetails')}
      </button>
      <ConvertToTicket token={props.token} conversationId={conversationId} />
      {claimedByOther && !closed && (
        <button type="button" onClick={act(() => api.join(conversationId))}>
          Join
        </button>
      )}
      {!closed && (
        <button type="button" className="danger" onClick={act(() => api.close(conversationId))}>
          Close chat
        </button>
      )}
    </div>
  );
}

/** The visitor's name, who has the chat, and the ringing or SLA badge. */
function ConversationTitle(props: { summary: ConversationSummary; urgency: Urgency | null }) {
  const { summary, urgency } = props;
  return (
    <div>
      <h2 data-testid="conversation-title">{summary.visitorName ?? 'Visitor'}</h2>
      <span className="muted">
        {summary.status === 'closed'
          ? 'Closed'
          : summary.assigneeName
            ? `With ${summary.assigneeName}`
            : 'Waiting for an agent'}
      </span>
      <UrgencyBadge urgency={urgency} testId="conversation-urgency" />
    </div>
  );
}

/** "Ayu is typing…" while the mark holds; it lapses by itself when its sender goes quiet. */
function TypingLine(props: { typing: TypingMark | undefined }) {
  const { typing } = props;
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!typing) return undefined;
    const timer = setTimeout(
      () => setTick((tick) => tick + 1),
      Math.max(0, typing.until - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);
  return (
    <p className="typing" aria-live="polite" data-testid="typing">
      {typing && typing.until > Date.now() ? `${typing.name} is typing…` : ''}
    </p>
  );
}
