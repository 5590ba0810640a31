import type { ConversationSummary } from '@sapa/contracts';
import { formatTime } from '../format.js';
import type { Urgency } from '../state/urgency.js';
import { UrgencyBadge } from './urgency-badge.js';

/** A list of conversations; every text a visitor typed is rendered as text. */
export function InboxList(props: {
  conversations: readonly ConversationSummary[];
  selected: string | null;
  onSelect: (conversationId: string) => void;
  empty: string;
  /** A ringing or SLA badge per row (the inbox passes one; history and search do not). */
  urgencyOf?: (row: ConversationSummary) => Urgency | null;
}) {
  if (props.conversations.length === 0) return <p className="muted empty">{props.empty}</p>;
  return (
    <ul className="inbox-list" aria-label="Conversations">
      {props.conversations.map((row) => {
        const urgency = props.urgencyOf?.(row) ?? null;
        return (
          <li key={row.conversationId}>
            <button
              type="button"
              className={`inbox-row${row.conversationId === props.selected ? ' selected' : ''}${urgency ? ` urgent-${urgency.level}` : ''}`}
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
              <UrgencyBadge urgency={urgency} testId="urgency" role="status" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
