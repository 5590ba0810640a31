import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  ticketsApi,
  type TicketFilter,
  type TicketPriority,
  type TicketStatus,
  type TicketSummary,
  type TicketView,
} from '../api/tickets.js';
import type { DashboardApi } from '../state/use-dashboard.js';

const errorText = (failure: unknown) =>
  failure instanceof Error ? failure.message : String(failure);
const when = (iso: string) => new Date(iso).toLocaleString();

/** Tickets: the list filtered by status, assignee and department, and the selected ticket. */
export function TicketsView(props: { api: DashboardApi; initialTicketId?: string | null }) {
  const { api } = props;
  const tickets = useMemo(() => ticketsApi(() => api.session.token), [api.session.token]);
  const [filter, setFilter] = useState<TicketFilter>({ status: 'open' });
  const [text, setText] = useState('');
  const [rows, setRows] = useState<readonly TicketSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(props.initialTicketId ?? null);
  const [error, setError] = useState<string | undefined>();
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    tickets.list(filter).then(
      (list) => current && setRows(list),
      (failure: unknown) => current && setError(errorText(failure)),
    );
    return () => {
      current = false;
    };
  }, [tickets, filter, reload]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter((previous) => ({ ...previous, text: text.trim() || undefined }));
  };

  return (
    <div className="inbox" data-testid="tickets-view">
      <nav className="folders" aria-label="Ticket filters">
        <form className="search" role="search" onSubmit={search}>
          <label>
            Status
            <select
              value={filter.status ?? ''}
              onChange={(event) =>
                setFilter({
                  ...filter,
                  status: (event.target.value || undefined) as TicketStatus | undefined,
                })
              }
              data-testid="ticket-filter-status"
            >
              <option value="">All</option>
              {TICKET_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </label>
          <label>
            Assignee
            <select
              value={filter.assignee ?? ''}
              onChange={(event) =>
                setFilter({ ...filter, assignee: event.target.value || undefined })
              }
              data-testid="ticket-filter-assignee"
            >
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Nobody</option>
            </select>
          </label>
          <label>
            Department
            <input
              value={filter.department ?? ''}
              onChange={(event) =>
                setFilter({ ...filter, department: event.target.value.trim() || undefined })
              }
              placeholder="department id"
            />
          </label>
          <label>
            Search
            <input
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder="#1042, name, e-mail, subject"
            />
          </label>
          <button type="submit" className="primary">
            Search
          </button>
        </form>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {rows && rows.length === 0 && <p className="muted empty">No ticket matches.</p>}
        <ul className="inbox-list" data-testid="ticket-list">
          {rows?.map((row) => (
            <li key={row.ticketId}>
              <button
                type="button"
                className={`inbox-row${selected === row.ticketId ? ' selected' : ''}`}
                onClick={() => setSelected(row.ticketId)}
                data-testid="ticket-row"
              >
                <strong>
                  #{row.number} {row.subject || '(no subject)'}
                </strong>
                <span className="muted">
                  {row.requesterName || row.requesterEmail} · {row.status}
                  {row.assigneeName ? ` · ${row.assigneeName}` : ''}
                  {row.emailBouncing ? ' · e-mail bouncing' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {selected ? (
        <TicketDetail
          key={selected}
          ticketId={selected}
          tickets={tickets}
          me={{ id: api.session.agent.agentId, name: api.session.agent.name }}
          onChanged={() => setReload((count) => count + 1)}
        />
      ) : (
        <p className="muted empty select-hint">Pick a ticket.</p>
      )}
    </div>
  );
}

function TicketDetail(props: {
  ticketId: string;
  tickets: ReturnType<typeof ticketsApi>;
  me: { id: string; name: string };
  onChanged: () => void;
}) {
  const { ticketId, tickets, me } = props;
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const load = () =>
    tickets.get(ticketId).then(setTicket, (failure: unknown) => setError(errorText(failure)));
  useEffect(() => {
    void load();
  }, [ticketId]);

  const act = (action: () => Promise<void>) => {
    setError(undefined);
    setBusy(true);
    action()
      .then(async () => {
        await load();
        props.onChanged();
      })
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  if (!ticket)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p className="muted empty">Loading the ticket…</p>
    );
  const closed = ticket.status === 'closed';

  return (
    <section className="conversation" aria-label="Ticket" data-testid="ticket-detail">
      <div className="conversation-main">
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
            <label>
              <span className="sr-only">Status</span>
              <select
                value={ticket.status}
                disabled={busy || closed}
                onChange={(event) =>
                  act(() => tickets.setStatus(ticketId, event.target.value as TicketStatus))
                }
                data-testid="ticket-status"
              >
                {TICKET_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {status}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">Priority</span>
              <select
                value={ticket.priority}
                disabled={busy || closed}
                onChange={(event) =>
                  act(() => tickets.setPriority(ticketId, event.target.value as TicketPriority))
                }
              >
                {TICKET_PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {priority}
                  </option>
                ))}
              </select>
            </label>
            {ticket.assigneeId === me.id ? (
              <button
                type="button"
                disabled={busy || closed}
                onClick={() => act(() => tickets.assign(ticketId, null))}
              >
                Unassign
              </button>
            ) : (
              <button
                type="button"
                disabled={busy || closed}
                onClick={() => act(() => tickets.assign(ticketId, me))}
                data-testid="ticket-assign-me"
              >
                Assign to me
              </button>
            )}
          </div>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ol className="messages" data-testid="ticket-thread">
          {ticket.thread.map((entry) => (
            <li key={entry.id} className={`message ${entry.kind}`} data-kind={entry.kind}>
              <div className="muted">
                {describe(entry.kind, entry.author.name ?? entry.author.id)} · {when(entry.time)}
              </div>
              {/* React escapes text: a visitor's HTML stays text. */}
              <div className="text">{entry.text}</div>
            </li>
          ))}
        </ol>
        {ticket.transcript.length > 0 && (
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
        )}
        <form
          className="composer"
          onSubmit={(event) => {
            event.preventDefault();
          }}
        >
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
              onClick={() =>
                act(async () => {
                  await tickets.post(ticketId, 'replies', draft);
                  setDraft('');
                })
              }
              data-testid="ticket-reply"
            >
              Reply by e-mail
            </button>
            <button
              type="button"
              disabled={busy || draft.trim() === ''}
              onClick={() =>
                act(async () => {
                  await tickets.post(ticketId, 'notes', draft);
                  setDraft('');
                })
              }
              data-testid="ticket-note"
            >
              Internal note
            </button>
          </div>
        </form>
      </div>
    </section>
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
