import type { TicketPriority, TicketStatus, TicketSummary, TicketView } from '@sapa/contracts';
import { callApi } from './rest.js';

/** The ticket shapes the REST API answers in (libs/contracts; docs/tickets-and-email.md). */
export type {
  TicketPriority,
  TicketStatus,
  TicketSummary,
  TicketThreadEntry,
  TicketView,
} from '@sapa/contracts';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'solved', 'closed'];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

export interface TicketFilter {
  status?: TicketStatus;
  /** An agent id, 'me' or 'none'. */
  assignee?: string;
  department?: string;
  text?: string;
}

const newClientId = (): string =>
  `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** The tickets REST API for one signed-in agent. */
export function ticketsApi(token: () => string) {
  const call = <T>(path: string, init: { method?: string; body?: unknown } = {}) =>
    callApi<T>(path, { ...init, token: token() });
  const ticketPath = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}`;
  return {
    async list(filter: TicketFilter): Promise<readonly TicketSummary[]> {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filter)) if (value) query.set(key, String(value));
      return (await call<{ tickets: TicketSummary[] }>(`/tickets?${query.toString()}`)).tickets;
    },
    async get(ticketId: string): Promise<TicketView> {
      return (await call<{ ticket: TicketView }>(ticketPath(ticketId))).ticket;
    },
    async post(ticketId: string, kind: 'replies' | 'notes', text: string): Promise<void> {
      await call(`${ticketPath(ticketId)}/${kind}`, {
        method: 'POST',
        body: { clientMessageId: newClientId(), text },
      });
    },
    async setStatus(ticketId: string, status: TicketStatus): Promise<void> {
      await call(`${ticketPath(ticketId)}/status`, { method: 'PUT', body: { status } });
    },
    async setPriority(ticketId: string, priority: TicketPriority): Promise<void> {
      await call(`${ticketPath(ticketId)}/priority`, { method: 'PUT', body: { priority } });
    },
    async assign(ticketId: string, assignee: { id: string; name: string } | null): Promise<void> {
      await call(`${ticketPath(ticketId)}/assignee`, { method: 'PUT', body: { assignee } });
    },
    async convertChat(
      conversationId: string,
      body: { subject?: string; requester?: { email?: string } },
    ): Promise<{ ticketId: string; number: number; created: boolean }> {
      return call(`/conversations/${encodeURIComponent(conversationId)}/ticket`, {
        method: 'POST',
        body,
      });
    },
  };
}
export type TicketsApi = ReturnType<typeof ticketsApi>;
