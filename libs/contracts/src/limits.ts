/**
 * Length limits shared by the schemas in this package and by the browser apps' forms. This
 * module imports nothing (no zod), so the widget can use it without bundling a validator; the
 * package is marked `"sideEffects": false`, so bundlers keep only the modules a caller uses.
 */

/** An id (site, conversation, department; see ids.ts) or a client message id. */
export const ID_MAX = 64;
/** A person's name (visitor, requester, agent). */
export const NAME_MAX = 120;
/** An e-mail address (RFC 5321's path limit). */
export const EMAIL_MAX = 254;
/** Visitor-typed text: a chat message, a pre-chat question, an offline message, a ticket reply. */
export const MESSAGE_TEXT_MAX = 10_000;
/** A ticket's text: the same bound as a chat message. */
export const TICKET_TEXT_MAX = MESSAGE_TEXT_MAX;
/** The optional comment of a chat rating. */
export const RATING_COMMENT_MAX = 2000;
/** A page address (URL, referrer). */
export const URL_MAX = 2048;
/** A page title. */
export const PAGE_TITLE_MAX = 500;
/** A browser language tag or an IANA time zone name. */
export const LANGUAGE_MAX = 64;
export const TIME_ZONE_MAX = 64;
/** Free-form visitor attributes set by the host page: at most this many keys. */
export const VISITOR_ATTRIBUTES_MAX = 20;
export const ATTRIBUTE_KEY_MAX = 64;
export const ATTRIBUTE_VALUE_MAX = 500;
/** The widget's header name (defaults to the site's name), greeting and launcher label. */
export const SITE_NAME_MAX = 120;
export const GREETING_MAX = 500;
export const LAUNCHER_TEXT_MAX = 60;
/** A ticket's subject. */
export const SUBJECT_MAX = 200;
