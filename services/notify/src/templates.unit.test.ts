import { describe, expect, it } from '@jest/globals';
import { renderMail, type MailContent } from './templates.js';

const site = { name: 'Dinas PU', logoUrl: 'https://example.org/logo.png' };
const evil = '<img src=x onerror=alert(1)>\r\nBcc: victim@example.org';

const contents: MailContent[] = [
  { kind: 'ticket-received', number: 1042, requesterName: evil, question: evil },
  { kind: 'ticket-reply', number: 1042, subject: evil, agentName: evil, text: evil },
  { kind: 'transcript', lines: [{ author: 'visitor', text: evil, time: '2026-01-01T10:00:00Z' }] },
  {
    kind: 'agent-new-ticket',
    number: 1042,
    requesterName: evil,
    requesterEmail: 'budi@example.org',
    question: evil,
    source: 'offline',
  },
];

describe('renderMail', () => {
  it('says the ticket number in English and in Indonesian', () => {
    const content = contents[0]!;
    const en = renderMail(content, 'en', site);
    const id = renderMail(content, 'id', site);
    expect(en.subject).toBe('We received your message [#1042]');
    expect(id.subject).toBe('Pesan Anda sudah kami terima [#1042]');
    expect(en.text).toContain('ticket #1042');
    expect(id.text).toContain('tiket #1042');
    expect(id.html).toContain('lang="id"');
  });

  it.each(
    contents.flatMap((content) =>
      (['en', 'id'] as const).map((language) => [content.kind, language, content] as const),
    ),
  )(
    '%s (%s): visitor text is escaped in HTML and cannot break the subject',
    (_kind, language, content) => {
      const mail = renderMail(content, language, site);
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(mail.subject).not.toMatch(/[\r\n]/);
    },
  );

  it("carries the site's name and logo and no third-party branding", () => {
    const mail = renderMail(contents[1]!, 'en', site);
    expect(mail.html).toContain('Dinas PU');
    expect(mail.html).toContain('src="https://example.org/logo.png"');
    expect(mail.text).toContain('Sent by Dinas PU.');
    expect(`${mail.html}${mail.text}`.toLowerCase()).not.toContain('sapa');
  });
});
