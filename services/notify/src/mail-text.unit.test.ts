import { describe, expect, it } from '@jest/globals';
import {
  REPLY_ABOVE_MARKER,
  escapeHtml,
  headerSafe,
  safeAddress,
  stripQuotedReply,
} from './mail-text.js';

describe('stripQuotedReply', () => {
  it('cuts at an English Gmail quote header', () => {
    const text =
      'Thanks, that helps.\n\nOn Mon, 1 Jan 2026 at 10:00, Sapa <reply@x.org> wrote:\n> old text\n> more';
    expect(stripQuotedReply(text)).toBe('Thanks, that helps.');
  });

  it('cuts at an Indonesian Gmail quote header', () => {
    const text =
      'Terima kasih.\r\n\r\nPada Sen, 1 Jan 2026 pukul 10.00 Sapa <reply@x.org> menulis:\r\n> lama';
    expect(stripQuotedReply(text)).toBe('Terima kasih.');
  });

  it("cuts at Sapa's own marker line and at Outlook's original-message rule", () => {
    expect(stripQuotedReply(`Yes please\n${REPLY_ABOVE_MARKER}\nold`)).toBe('Yes please');
    expect(stripQuotedReply('Fine\n-----Original Message-----\nFrom: a')).toBe('Fine');
    expect(stripQuotedReply('Fine\n\nFrom: Sapa <reply@x.org>\nSent: today')).toBe('Fine');
  });

  it('drops inline quoted lines and the signature', () => {
    expect(stripQuotedReply('> question?\nanswer\n-- \nBudi\n0812')).toBe('answer');
  });

  it('keeps the whole text when stripping would leave nothing', () => {
    expect(stripQuotedReply('> only a quote')).toBe('> only a quote');
  });
});

describe('header and HTML hygiene', () => {
  it('turns CR/LF and control characters into spaces', () => {
    expect(headerSafe('Budi\r\nBcc: victim@example.org')).toBe('Budi Bcc: victim@example.org');
    expect(headerSafe('a\u0000b\u2028c')).toBe('a b c');
  });

  it('accepts a plain address only', () => {
    expect(safeAddress(' budi@example.org ')).toBe('budi@example.org');
    expect(safeAddress('budi@example.org\r\nBcc: x@y.org')).toBeNull();
    expect(safeAddress('Budi <budi@example.org>')).toBeNull();
    expect(safeAddress('a@b')).toBeNull();
  });

  it('escapes markup', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    );
  });
});
