import { useMemo } from 'react';
import { ticketsApi } from '../api/tickets.js';
import { BackToList } from '../components/back-to-list.js';
import { paths } from '../routes.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { TicketDetail } from './ticket-detail.js';
import { TicketList, useTicketRows } from './ticket-list.js';

/**
 * Tickets: the list filtered by status, assignee and department, and the ticket named by the
 * URL (`/dashboard/tickets/<id>`); picking a row opens its URL.
 */
export function TicketsView(props: {
  api: DashboardApi;
  ticketId: string | null;
  onSelect: (ticketId: string) => void;
}) {
  const { api, ticketId } = props;
  const tickets = useMemo(() => ticketsApi(() => api.session.token), [api.session.token]);
  // A change in the detail re-reads the list (status, assignee shown in the rows).
  const list = useTicketRows(tickets);

  return (
    <div className={ticketId ? 'inbox has-selection' : 'inbox'} data-testid="tickets-view">
      <TicketList list={list} selected={ticketId} onSelect={props.onSelect} />
      {ticketId ? (
        <div className="pane">
          <BackToList label="backToTickets" to={paths.page('tickets')} />
          <TicketDetail
            key={ticketId}
            ticketId={ticketId}
            tickets={tickets}
            me={{ id: api.session.agent.agentId, name: api.session.agent.name }}
            onChanged={list.reload}
          />
        </div>
      ) : (
        <p className="muted empty select-hint">Pick a ticket.</p>
      )}
    </div>
  );
}
