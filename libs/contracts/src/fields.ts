import { z } from 'zod';
import { Id } from './ids.js';
import {
  EMAIL_MAX,
  LANGUAGE_MAX,
  MESSAGE_TEXT_MAX,
  NAME_MAX,
  PAGE_TITLE_MAX,
  URL_MAX,
} from './limits.js';

/**
 * Field schemas that several messages share (chat, tickets, the widget's frames). This module
 * imports only ids and limits, so events.ts and tickets.events.ts can both use it without an
 * import cycle.
 */

/** A name a person typed (visitor, requester): trimmed, bounded. */
export const PersonName = z.string().trim().max(NAME_MAX);
export const Email = z.email().max(EMAIL_MAX);
export const LanguageTag = z.string().max(LANGUAGE_MAX);
export const PageUrl = z.string().max(URL_MAX);
export const PageTitle = z.string().max(PAGE_TITLE_MAX);

/** Text a person typed that must say something (not only blanks). */
export const nonEmptyText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => text.trim().length > 0, 'must not be empty');

export const MessageText = nonEmptyText(MESSAGE_TEXT_MAX);

export const PageInfo = z.object({
  url: PageUrl,
  title: PageTitle.optional(),
  referrer: PageUrl.optional(),
});
export type PageInfo = z.infer<typeof PageInfo>;

/**
 * What the widget's offline form asks for, the same in the `offline.leave` frame, the
 * `chat.leave-offline-message` command and the `OfflineMessageLeft` event.
 */
export const OfflineMessageFields = {
  name: PersonName,
  email: Email,
  question: MessageText,
  department: Id.optional(),
  page: PageInfo.optional(),
  language: LanguageTag.optional(),
};
