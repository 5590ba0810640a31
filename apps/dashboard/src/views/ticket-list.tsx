import { useState, type FormEvent } from 'react';
import {
  TICKET_STATUSES,
  type TicketFilter,
  type TicketStatus,
  type TicketSummary,
  type TicketsApi,
} from '../api/tickets.js';
import { ErrorLine } from '../components/error-line.js';
import { Options } from '../components/options.js';
import { useLoad, type LoadHandle } from '../state/use-load.js';
import { LabelledInput } from '../components/labelled-input.js';

/** The ticket list's filter and its rows, read again whenever the filter changes. */
export interface TicketRows extends LoadHandle<readonly TicketSummary[]> {
  readonly filter: TicketFilter;
  setFilter(filter: TicketFilter): void;
}

export function useTicketRows(tickets: TicketsApi): TicketRows {
  const [filter, setFilter] = useState<TicketFilter>({ status: 'open' });
  const rows = useLoad(() => tickets.list(filter), [tickets, filter]);
  return { ...rows, filter, setFilter };
}

/** The filters and the rows; the selected row is the ticket on screen. */
export function TicketList(props: {
  list: TicketRows;
  selected: string | null;
  onSelect: (ticketId: string) => void;
}) {
  const { list } = props;
  return (
    <nav className="folders" aria-label="Ticket filters">
      <TicketFilters filter={list.filter} onChange={list.setFilter} />
      <ErrorLine message={list.error} />
      {list.data && list.data.length === 0 && <p className="muted empty">No ticket matches.</p>}
      <ul className="inbox-list" data-testid="ticket-list">
        {list.data?.map((row) => (
          <li key={row.ticketId}>
            <button
              type="button"
              className={`inbox-row${props.selected === row.ticketId ? ' selected' : ''}`}
              onClick={() => props.onSelect(row.ticketId)}
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
  );
}

/** Status, assignee and department apply at once; the search text on submit. */
function TicketFilters(props: { filter: TicketFilter; onChange: (filter: TicketFilter) => void }) {
  const { filter, onChange } = props;
  const [text, setText] = useState('');
  const search = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filter, text: text.trim() || undefined });
  };
  return (
    <form className="search" role="search" onSubmit={search}>
      <label>
        Status
        <select
          value={filter.status ?? ''}
          onChange={(event) =>
            onChange({
              ...filter,
              status: (event.target.value || undefined) as TicketStatus | undefined,
            })
          }
          data-testid="ticket-filter-status"
        >
          <option value="">All</option>
          <Options values={TICKET_STATUSES} />
        </select>
      </label>
      <label>
        Assignee
        <select
          value={filter.assignee ?? ''}
          onChange={(event) => onChange({ ...filter, assignee: event.target.value || undefined })}
          data-testid="ticket-filter-assignee"
        >
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Nobody</option>
        </select>
      </label>
      <LabelledInput
        label="Department"
        value={filter.department ?? ''}
        onChange={(value) => onChange({ ...filter, department: value.trim() || undefined })}
        placeholder="department id"
      />
      <LabelledInput
        label="Search"
        value={text}
        onChange={setText}
        placeholder="#1042, name, e-mail, subject"
      />
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}
