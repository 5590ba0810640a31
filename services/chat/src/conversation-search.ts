import type { ConversationEvent, SearchConversations } from '@sapa/contracts';

/**
 * History search support for the conversation list. Rows carry two lower-cased helper fields
 * that the list contract does not show: `searchText` (every message and whisper, capped) and
 * `searchVisitor` (name and e-mail). Search uses plain `$regex` on them without options,
 * which FerretDB and MongoDB treat alike (no text index: FerretDB 1.x has none).
 */

/** Longest searchable text kept per conversation; older text beyond it is not searchable. */
export const SEARCH_TEXT_MAX = 100_000;

/** Adds an event's searchable text to a conversation's search text. Pure. */
export function appendSearchText(previous: string, event: ConversationEvent): string {
  if (event.type !== 'MessagePosted' && event.type !== 'WhisperPosted') return previous;
  if (previous.length >= SEARCH_TEXT_MAX) return previous;
  const next = previous.length === 0 ? event.data.text : `${previous}\n${event.data.text}`;
  return next.toLowerCase().slice(0, SEARCH_TEXT_MAX);
}

/** The lower-cased name and e-mail a visitor search matches against. */
export const visitorSearchText = (summary: {
  readonly visitorName: string | null;
  readonly visitorEmail: string | null;
}): string => [summary.visitorName ?? '', summary.visitorEmail ?? ''].join('\n').toLowerCase();

/** Escapes a user's text so it matches literally inside a regular expression. */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A date-only `from` means the start of that day (UTC); a date-only `to` its end. */
export function boundOf(value: string, edge: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return edge === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  }
  return new Date(value).toISOString();
}

/** The MongoDB filter of a search request (site first, so it never crosses sites). */
export function searchFilter(request: SearchConversations): Record<string, unknown> {
  const filter: Record<string, unknown> = { siteId: request.siteId };
  if (request.status) filter['status'] = request.status;
  if (request.text) filter['searchText'] = { $regex: escapeRegex(request.text.toLowerCase()) };
  if (request.visitor) {
    filter['searchVisitor'] = { $regex: escapeRegex(request.visitor.toLowerCase()) };
  }
  const startedAt: Record<string, string> = {};
  if (request.from) startedAt['$gte'] = boundOf(request.from, 'from');
  if (request.to) startedAt['$lte'] = boundOf(request.to, 'to');
  if (Object.keys(startedAt).length > 0) filter['startedAt'] = startedAt;
  return filter;
}
