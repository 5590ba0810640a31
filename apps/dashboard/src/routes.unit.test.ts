import { describe, expect, it } from '@jest/globals';
import { matchRoute, paths } from './routes.js';

describe('dashboard routes', () => {
  it('gives each page, conversation and ticket a path that reads back the same', () => {
    expect(matchRoute(paths.page('inbox'))).toEqual({
      page: 'inbox',
      conversationId: null,
      ticketId: null,
    });
    for (const page of ['visitors', 'history', 'tickets', 'duty', 'settings'] as const)
      expect(matchRoute(paths.page(page)).page).toBe(page);
    expect(matchRoute(paths.conversation('c/1 ?x'))).toEqual({
      page: 'inbox',
      conversationId: 'c/1 ?x',
      ticketId: null,
    });
    expect(matchRoute(paths.ticket('t-9'))).toEqual({
      page: 'tickets',
      conversationId: null,
      ticketId: 't-9',
    });
  });

  it('reads an unknown or malformed location as the inbox', () => {
    for (const location of [
      '/nope',
      '/duty/extra',
      '/conversations',
      '/conversations/%E0%A4%A',
      '/tickets/a/b',
    ])
      expect([location, matchRoute(location)]).toEqual([
        location,
        { page: 'inbox', conversationId: null, ticketId: null },
      ]);
  });
});
