import { useState } from 'react';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
  type TicketsApi,
  type TicketView,
} from '../api/tickets.js';
import { ErrorLine } from '../components/error-line.js';
import { Options } from '../components/options.js';
import { TicketThread, TicketTranscript } from '../components/ticket-thread.js';
import { errorText, useLoad } from '../state/use-load.js';

type Me = { id: string; name: string };
/** Runs a change to the ticket, then reads it again; the buttons wait while it runs. */
type Act = (action: () => Promise<void>) => void;

/** One ticket: its head (status, priority, assignee), the thread, the transcript, the composer. */
export function TicketDetail(props: {
  ticketId: string;
  tickets: TicketsApi;
  me: Me;
  onChanged: () => void;
}) {
  const { ticketId, tickets } = props;
  const ticket = useLoad(() => tickets.get(ticketId), [ticketId]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const act: Act = (action) => {
    setError(undefined);
    setBusy(true);
    action()
      .then(() => {
        ticket.reload();
        props.onChanged();
      })
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  if (!ticket.data)
    return ticket.error ? (
      <ErrorLine message={ticket.error} />
    ) : (
      <p className="muted empty">Loading the ticket…</p>
    );
  const view = ticket.data;
  return (
    <section className="conversation" aria-label="Ticket" data-testid="ticket-detail">
      <div className="conversation-main">
        <TicketHead ticket={view} tickets={tickets} me={props.me} busy={busy} act={act} />
        <ErrorLine message={error ?? ticket.error} />
        <TicketThread ticket={view} />
        <TicketTranscript ticket={view} />
        <TicketComposer
          ticketId={ticketId}
          tickets={tickets}
          closed={view.status === 'closed'}
          busy={busy}
          act={act}
        />
      </div>
    </section>
  );
}

function TicketHead(props: {
  ticket: TicketView;
  tickets: TicketsApi;
  me: Me;
  busy: boolean;
  act: Act;
}) {
  const { ticket, tickets, me, act } = props;
  const { ticketId } = ticket;
  const disabled = props.busy || ticket.status === 'closed';
  return (
    <header className="conversation-head">
      <div>
        <h2 data-testid="ticket-title">
          #{ticket.number} {ticket.subject}
        </h2>
        <span className="muted">
          {ticket.requesterName} &lt;{ticket.requesterEmail}&gt;
          {ticket.emailBouncing ? ' — e-mail bouncing, replies are not delivered' : ''}
        </span>
      </div>
      <div className="actions">
        <HiddenLabelSelect
          label="Status"
          value={ticket.status}
          values={TICKET_STATUSES}
          disabled={disabled}
          onChange={(value) => act(() => tickets.setStatus(ticketId, value as TicketStatus))}
          testId="ticket-status"
        />
        <HiddenLabelSelect
          label="Priority"
          value={ticket.priority}
          values={TICKET_PRIORITIES}
          disabled={disabled}
          onChange={(value) => act(() => tickets.setPriority(ticketId, value as TicketPriority))}
        />
        {ticket.assigneeId === me.id ? (
          <button
            type="button"
            disabled={disabled}
            onClick={() => act(() => tickets.assign(ticketId, null))}
          >
            Unassign
          </button>
        ) : (
          <button
            type="button"
            disabled={disabled}
            onClick={() => act(() => tickets.assign(ticketId, me))}
            data-testid="ticket-assign-me"
          >
            Assign to me
          </button>
        )}
      </div>
    </header>
  );
}

/** A select whose label only screen readers read (the head has no room for one). */
function HiddenLabelSelect(props: {
  label: string;
  value: string;
  values: readonly string[];
  disabled: boolean;
  onChange: (value: string) => void;
  testId?: string;
}) {
  return (
    <label>
      <span className="sr-only">{props.label}</span>
      <select
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value)}
        data-testid={props.testId}
      >
        <Options values={props.values} />
      </select>
    </label>
  );
}

/** A reply by e-mail (not on a closed ticket) or an internal note (always). */
function TicketComposer(props: {
  ticketId: string;
  tickets: TicketsApi;
  closed: boolean;
  busy: boolean;
  act: Act;
}) {
  const { closed, busy } = props;
  const [draft, setDraft] = useState('');
  const post = (kind: 'replies' | 'notes') =>
    props.act(async () => {
      await props.tickets.post(props.ticketId, kind, draft);
      setDraft('');
    });
  return (
    <form className="composer" onSubmit={(event) => event.preventDefault()}>
      <textarea
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        placeholder={
          closed ? 'This ticket is closed (notes only)' : 'Write a reply or an internal note'
        }
        rows={4}
        data-testid="ticket-draft"
      />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy || closed || draft.trim() === ''}
          onClick={() => post('replies')}
          data-testid="ticket-reply"
        >
          Reply by e-mail
        </button>
        <button
          type="button"
          disabled={busy || draft.trim() === ''}
          onClick={() => post('notes')}
          data-testid="ticket-note"
        >
          Internal note
        </button>
      </div>
    </form>
  );
}
