/**
 * The dashboard's URLs, below the router's base `/dashboard` (docs/dashboard.md). Every page,
 * a conversation and a ticket have one, so an agent can share a link and the browser's back
 * button walks the pages. Ids are encoded: a link never changes the path's shape.
 */
export const ROUTER_BASE = '/dashboard';

/** The pages of the main navigation, in its order. */
export type Page = 'inbox' | 'visitors' | 'history' | 'tickets' | 'duty' | 'settings';

const encode = encodeURIComponent;

export const paths = {
  page: (page: Page): string => (page === 'inbox' ? '/' : `/${page}`),
  conversation: (conversationId: string): string => `/conversations/${encode(conversationId)}`,
  ticket: (ticketId: string): string => `/tickets/${encode(ticketId)}`,
} as const;

/** Where a location points: the page, and the conversation or ticket it names. */
export interface RouteMatch {
  readonly page: Page;
  readonly conversationId: string | null;
  readonly ticketId: string | null;
}

const PAGES: readonly Page[] = ['inbox', 'visitors', 'history', 'tickets', 'duty', 'settings'];

/** Reads a location (relative to the base); anything unknown is the inbox. */
export function matchRoute(location: string): RouteMatch {
  const [first = '', second, ...rest] = location.split('/').filter(Boolean);
  const id = second !== undefined && rest.length === 0 ? safeDecode(second) : null;
  if (first === 'conversations' && id) return { page: 'inbox', conversationId: id, ticketId: null };
  if (first === 'tickets' && id) return { page: 'tickets', conversationId: null, ticketId: id };
  const page = second === undefined ? PAGES.find((known) => known === first) : undefined;
  return { page: page ?? 'inbox', conversationId: null, ticketId: null };
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
