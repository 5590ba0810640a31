import { callApi } from './rest.js';

/** Ticket statuses and priorities (services/tickets; docs/tickets-and-email.md). */
export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'solved', 'closed'];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** A row of the ticket list (GET /api/v1/tickets). */
export interface TicketSummary {
  readonly ticketId: string;
  readonly number: number;
  readonly source: 'offline' | 'chat';
  readonly subject: string;
  readonly requesterName: string;
  readonly requesterEmail: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly department: string | null;
  readonly assigneeId: string | null;
  readonly assigneeName: string | null;
  readonly conversationId: string | null;
  readonly replyCount: number;
  readonly noteCount: number;
  readonly emailBouncing: boolean;
  readonly lastActivityAt: string;
  readonly openedAt: string;
  readonly version: number;
}

export interface TicketThreadEntry {
  readonly id: string;
  readonly kind:
    | 'question'
    | 'reply'
    | 'customer-reply'
    | 'note'
    | 'status'
    | 'assignment'
    | 'priority'
    | 'bounce';
  readonly author: {
    readonly kind: 'visitor' | 'agent' | 'system';
    readonly id: string;
    readonly name?: string;
  };
  readonly text: string;
  readonly time: string;
}

/** The whole ticket (GET /api/v1/tickets/:id). */
export interface TicketView extends TicketSummary {
  readonly question: string;
  readonly page: { readonly url: string; readonly title?: string } | null;
  readonly transcript: ReadonlyArray<{
    readonly author: 'visitor' | 'agent';
    readonly name?: string;
    readonly text: string;
    readonly time: string;
  }>;
  readonly bouncedEmails: readonly string[];
  readonly thread: readonly TicketThreadEntry[];
}

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
