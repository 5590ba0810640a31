import { describe, expect, it } from '@jest/globals';
import type { QueueFrame } from '@sapa/contracts';
import { CATALOGS } from '../i18n/catalog.js';
import { formatDuration, parseQueue, queueNotice, type QueueState } from './queue-notice.js';

const { en, id } = CATALOGS;
const queue = (position: number, eligibleAgents: number, slaSeconds = 60): QueueState => ({
  conversationId: 'c-1',
  position,
  eligibleAgents,
  slaSeconds,
});

// Compile-time: the widget's own type and the gateway's contract have the same shape.
const fromContract = (data: QueueFrame['data']): QueueState => data;
const toContract = (data: QueueState): QueueFrame['data'] => data;

describe('queueNotice', () => {
  it('first in line with an agent free: shortly, and the usual answer time', () => {
    expect(queueNotice(en, queue(1, 2, 60))).toBe(
      'An agent will be with you shortly. We usually answer within 1 minute.',
    );
    expect(queueNotice(en, queue(1, 1, 45))).toBe(
      'An agent will be with you shortly. We usually answer within 45 seconds.',
    );
    expect(queueNotice(id, queue(1, 1, 120))).toBe(
      'Petugas kami akan segera melayani Anda. Biasanya kami menjawab dalam 2 menit.',
    );
  });

  it('without a target time it promises none', () => {
    expect(queueNotice(en, queue(1, 1, 0))).toBe(en.waitingForAgent);
  });

  it('further back in line: the place, no time', () => {
    const text = queueNotice(en, queue(3, 1, 60));
    expect(text).toBe(
      'You are number 3 in line. Please stay on this page; an agent will answer you in turn.',
    );
    expect(text).not.toMatch(/minute|second/);
    expect(queueNotice(id, queue(3, 1))).toMatch(/^Anda berada di antrean nomor 3\./);
  });

  it('nobody free: says so, gives the place, offers e-mail and promises no time', () => {
    for (const position of [1, 4]) {
      const text = queueNotice(en, queue(position, 0, 30));
      expect(text).toBe(
        `All our agents are busy right now. You are number ${position} in line; please stay on this page, or leave your e-mail in the chat and we will answer by e-mail.`,
      );
      expect(text).not.toMatch(/shortly|minute|second/);
    }
    expect(queueNotice(id, queue(2, 0))).toMatch(
      /^Semua petugas kami sedang sibuk\. Anda berada di antrean nomor 2;/,
    );
  });
});

describe('formatDuration', () => {
  it('says seconds under a minute, whole minutes (rounded up) from there', () => {
    expect([1, 45, 59, 60, 61, 90, 120, 3600].map((s) => formatDuration(en, s))).toEqual([
      '1 second',
      '45 seconds',
      '59 seconds',
      '1 minute',
      '2 minutes',
      '2 minutes',
      '2 minutes',
      '60 minutes',
    ]);
    const inIndonesian = [1, 30, 60, 300].map((s) => formatDuration(id, s));
    expect(inIndonesian).toEqual(['1 detik', '30 detik', '1 menit', '5 menit']);
  });
});

describe('parseQueue', () => {
  it('takes a well-formed frame', () => {
    const data = { conversationId: 'c-9', position: 2, eligibleAgents: 0, slaSeconds: 90 };
    expect(parseQueue(fromContract(data))).toEqual(toContract(data));
  });

  it('refuses anything else, so a bad frame changes nothing on screen', () => {
    const good = { conversationId: 'c-9', position: 2, eligibleAgents: 1, slaSeconds: 90 };
    for (const bad of [
      undefined,
      null,
      'queue',
      { ...good, conversationId: 7 },
      { ...good, position: 0 },
      { ...good, position: 1.5 },
      { ...good, position: '2' },
      { ...good, eligibleAgents: -1 },
      { ...good, slaSeconds: Number.NaN },
      { position: 1, eligibleAgents: 1, slaSeconds: 60 },
    ]) {
      expect([bad, parseQueue(bad)]).toEqual([bad, undefined]);
    }
  });
});
