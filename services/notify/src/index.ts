/** @sapa/notify: e-mail out and in (see docs/tickets-and-email.md). */
export {};
