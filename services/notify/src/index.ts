/** @sapa/notify: e-mail out and in (see docs/tickets-and-email.md). */
export { startNotifyService, type NotifyService } from './notify-service.js';
export { stripQuotedReply, headerSafe, escapeHtml, safeAddress } from './mail-text.js';
export { renderMail } from './templates.js';
