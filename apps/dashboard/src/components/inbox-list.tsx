import type { ConversationSummary } from '../api/wire.js';
import { formatTime } from '../format.js';

/** A list of conversations; every text a visitor typed is rendered as text. */
export function InboxList(props: {
  conversations: readonly ConversationSummary[];
  selected: string | null;
  onSelect: (conversationId: string) => void;
  empty: string;
}) {
  if (props.conversations.length === 0) return <p className="muted empty">{props.empty}</p>;
  return (
    <ul className="inbox-list" aria-label="Conversations">
      {props.conversations.map((row) => (
        <li key={row.conversationId}>
          <button
            type="button"
            className={`inbox-row${row.conversationId === props.selected ? ' selected' : ''}`}
            aria-current={row.conversationId === props.selected ? 'true' : undefined}
            data-testid="inbox-row"
            data-conversation-id={row.conversationId}
            onClick={() => props.onSelect(row.conversationId)}
          >
            <span className="row-top">
              <strong className="visitor-name">{row.visitorName ?? 'Visitor'}</strong>
              <time className="muted">{formatTime(row.lastMessageAt ?? row.startedAt)}</time>
            </span>
            <span className="row-text">{row.lastMessageText ?? 'No messages yet'}</span>
            <span className="row-meta muted">
              {row.status === 'closed'
                ? 'Closed'
                : row.assigneeName
                  ? `With ${row.assigneeName}`
                  : 'Waiting'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
