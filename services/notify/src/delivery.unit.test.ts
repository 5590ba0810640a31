import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './mail-worker.js';
import { ReplyTokens } from './reply-token.js';
import { classifyFailure } from './smtp-sender.js';
import { messageIdFor } from './mail-jobs.store.js';

describe('classifyFailure', () => {
  it('5xx is permanent; 4xx, no reply and auth failures are temporary', () => {
    expect(classifyFailure({ responseCode: 550 })).toBe('permanent');
    expect(classifyFailure({ responseCode: 554 })).toBe('permanent');
    expect(classifyFailure({ responseCode: 451 })).toBe('temporary');
    expect(classifyFailure({ code: 'ESOCKET' })).toBe('temporary');
    expect(classifyFailure(new Error('connect ECONNREFUSED'))).toBe('temporary');
    expect(classifyFailure({ code: 'EAUTH', responseCode: 535 })).toBe('temporary');
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the cap (±20 % jitter)', () => {
    expect(retryDelayMs(1, 1000, 60_000)).toBeGreaterThanOrEqual(800);
    expect(retryDelayMs(1, 1000, 60_000)).toBeLessThanOrEqual(1200);
    expect(retryDelayMs(3, 1000, 60_000)).toBeGreaterThanOrEqual(3200);
    expect(retryDelayMs(30, 1000, 60_000)).toBeLessThanOrEqual(72_000);
  });
});

describe('ReplyTokens', () => {
  const tokens = new ReplyTokens('a-secret-of-sixteen+', 'reply.example.org');

  it('round-trips a ticket id; the domain is case-insensitive', () => {
    const address = tokens.address('0123456789abcdef0123456789abcdef');
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(tokens.ticketOf(address)).toBe('0123456789abcdef0123456789abcdef');
    expect(tokens.ticketOf(address.replace('reply.example.org', 'REPLY.Example.ORG'))).toBe(
      '0123456789abcdef0123456789abcdef',
    );
  });

  it('refuses a forged mac, another domain and another secret', () => {
    const address = tokens.address('t1');
    expect(tokens.ticketOf(address.replace(/-[0-9a-f]{16}@/, '-0000000000000000@'))).toBeNull();
    expect(tokens.ticketOf(address.replace('reply.example.org', 'evil.org'))).toBeNull();
    expect(
      new ReplyTokens('another-secret-of-16', 'reply.example.org').ticketOf(address),
    ).toBeNull();
    expect(tokens.ticketOf('reply+t2@reply.example.org')).toBeNull();
  });
});

describe('messageIdFor', () => {
  it('is the same for the same mail and differs between mails', () => {
    expect(messageIdFor('e1:ticket-received:a@b.org', 'x.org')).toBe(
      messageIdFor('e1:ticket-received:a@b.org', 'x.org'),
    );
    expect(messageIdFor('e1:ticket-received:a@b.org', 'x.org')).not.toBe(
      messageIdFor('e2:ticket-received:a@b.org', 'x.org'),
    );
    expect(messageIdFor('e1', 'x.org')).toMatch(/^<[0-9a-f]{40}@x\.org>$/);
  });
});
