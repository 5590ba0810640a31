import { createHash } from 'node:crypto';

/**
 * Ticket ids derived from what the ticket comes from, so that opening it again (a redelivered
 * OfflineMessageLeft, a second "convert" click) lands on the same stream and stores nothing.
 */
const derive = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);

export const ticketIdForOfflineMessage = (siteId: string, offlineMessageId: string): string =>
  derive('offline', siteId, offlineMessageId);

export const ticketIdForConversation = (siteId: string, conversationId: string): string =>
  derive('chat', siteId, conversationId);

/** The first line of a text, trimmed to `max` characters: a subject for a ticket. */
export function subjectFrom(text: string, max = 120): string {
  const line = (text.split('\n').find((candidate) => candidate.trim().length > 0) ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The mail language of a browser language tag: Indonesian or (default) English. */
export const mailLanguage = (tag: string | undefined): 'en' | 'id' =>
  tag !== undefined && /^(id|in)\b/i.test(tag) ? 'id' : 'en';
