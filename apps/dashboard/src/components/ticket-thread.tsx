import type { TicketView } from '../api/tickets.js';

const when = (iso: string) => new Date(iso).toLocaleString();

/** The ticket's thread, oldest first. React escapes text: a visitor's HTML stays text. */
export function TicketThread(props: { ticket: TicketView }) {
  return (
    <ol className="messages" data-testid="ticket-thread">
      {props.ticket.thread.map((entry) => (
        <li key={entry.id} className={`message ${entry.kind}`} data-kind={entry.kind}>
          <div className="muted">
            {describe(entry.kind, entry.author.name ?? entry.author.id)} · {when(entry.time)}
          </div>
          <div className="text">{entry.text}</div>
        </li>
      ))}
    </ol>
  );
}

/** The chat a ticket was converted from, folded away; nothing for an offline message. */
export function TicketTranscript(props: { ticket: TicketView }) {
  const { ticket } = props;
  if (ticket.transcript.length === 0) return null;
  return (
    <details>
      <summary>Chat transcript ({ticket.transcript.length} messages)</summary>
      <ol className="messages">
        {ticket.transcript.map((line, index) => (
          <li key={index} className="message">
            <div className="muted">
              {line.author === 'visitor'
                ? ticket.requesterName || 'Visitor'
                : (line.name ?? 'Agent')}{' '}
              · {when(line.time)}
            </div>
            <div className="text">{line.text}</div>
          </li>
        ))}
      </ol>
    </details>
  );
}

function describe(kind: TicketView['thread'][number]['kind'], who: string): string {
  switch (kind) {
    case 'question':
      return `${who} wrote`;
    case 'reply':
      return `${who} replied by e-mail`;
    case 'customer-reply':
      return `${who} answered by e-mail`;
    case 'note':
      return `${who} — internal note`;
    case 'status':
      return `${who} changed the status`;
    case 'assignment':
      return `${who} changed the assignee`;
    case 'priority':
      return `${who} changed the priority`;
    case 'bounce':
      return 'Mail bounced';
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}
