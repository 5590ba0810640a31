import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TicketSummary, TicketView } from '@sapa/contracts';
import { uniqueName, waitFor } from '@sapa/testkit';
import { startMailStack, type MailStack } from './test-support/mail-stack.js';
import type { ReceivedMail } from './test-support/smtp-sink.js';

let stack: MailStack;

beforeAll(async () => {
  stack = await startMailStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** A fresh site with one agent and one admin, whose e-mails receive "new ticket" mails. */
async function newSite(name = 'Dinas PU Kota') {
  const site = await stack.createSite(name);
  const agent = await stack.createAgent(site.siteId, 'Ayu');
  const admin = await stack.createAgent(site.siteId, 'Made', 'admin');
  return { site, agent, admin };
}

const visitorEmail = () => `${uniqueName('visitor')}@visitors.test.localhost`;

async function leaveOfflineMessage(
  siteId: string,
  fields: { name: string; email: string; question: string; language?: string },
) {
  return stack.bus.request('chat.leave-offline-message', {
    siteId,
    visitorId: uniqueName('v'),
    page: { url: 'https://site.test.localhost/harga', title: 'Harga' },
    ...fields,
  });
}

async function ticketOfMail(token: string, mail: ReceivedMail): Promise<TicketView> {
  const number = /\[#(\d+)\]/.exec(mail.parsed.subject ?? '')?.[1];
  const { tickets } = await waitFor(async () => {
    const result = await stack.api<{ tickets: TicketSummary[] }>(
      token,
      'GET',
      `/tickets?text=%23${number}`,
    );
    return result.tickets.length === 1 && result;
  });
  const { ticket } = await stack.api<{ ticket: TicketView }>(
    token,
    'GET',
    `/tickets/${tickets[0]!.ticketId}`,
  );
  return ticket;
}

const jobsTo = (address: string) =>
  stack.db.collection('mail_jobs').find({ to: address.toLowerCase() }).toArray();

describe('offline message → ticket → e-mail', () => {
  it('sends the visitor a receipt with the ticket number and the agents a notice, in English', async () => {
    const { site, agent, admin } = await newSite();
    const email = visitorEmail();
    await leaveOfflineMessage(site.siteId, {
      name: 'Budi',
      email,
      question: 'Where is the price list?\nThanks',
      language: 'en-US',
    });

    const [receipt] = await stack.sink.waitForMails(email);
    expect(receipt!.parsed.subject).toBe('We received your message [#1001]');
    expect(receipt!.parsed.text).toContain('Hello Budi,');
    expect(receipt!.parsed.text).toContain('Where is the price list?');
    expect(receipt!.parsed.html).toContain('Dinas PU Kota');
    expect(receipt!.parsed.from?.value[0]).toEqual({
      name: 'Dinas PU Kota',
      address: 'help@site.test.localhost',
    });
    const replyTo = receipt!.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(
      new RegExp(`^reply\\+[0-9a-f]{32}-[0-9a-f]{16}@${stack.replyDomain.replaceAll('.', '\\.')}$`),
    );
    expect(receipt!.parsed.messageId).toMatch(/^<[0-9a-f]{40}@reply\.test\.localhost>$/);

    for (const recipient of [agent.agent.email, admin.agent.email]) {
      const [notice] = await stack.sink.waitForMails(recipient);
      expect(notice!.parsed.subject).toBe('New ticket #1001 from Budi');
      expect(notice!.parsed.text).toContain(email);
      expect(notice!.parsed.text).toContain('Where is the price list?');
    }

    const ticket = await ticketOfMail(agent.token, receipt!);
    expect(ticket).toMatchObject({
      number: 1001,
      source: 'offline',
      status: 'open',
      requesterEmail: email,
      subject: 'Where is the price list?',
      page: { url: 'https://site.test.localhost/harga', title: 'Harga' },
    });
  });

  it('writes to an Indonesian visitor in Bahasa Indonesia, and numbers tickets per site', async () => {
    const { site, agent } = await newSite('Sekolah Harapan');
    const first = visitorEmail();
    const second = visitorEmail();
    await leaveOfflineMessage(site.siteId, {
      name: 'Sari',
      email: first,
      question: 'Kapan pendaftaran dibuka?',
      language: 'id-ID',
    });
    await stack.sink.waitForMails(first);
    await leaveOfflineMessage(site.siteId, {
      name: 'Tono',
      email: second,
      question: 'Berapa biaya SPP?',
      language: 'id',
    });
    const [mail] = await stack.sink.waitForMails(second);
    expect(mail!.parsed.subject).toBe('Pesan Anda sudah kami terima [#1002]');
    expect(mail!.parsed.text).toContain('Halo Tono,');
    expect(mail!.parsed.text).toContain('Kami telah membuat tiket #1002');
    expect(mail!.parsed.text).toContain('Dikirim oleh Sekolah Harapan.');
    expect(mail!.parsed.html).toContain('lang="id"');
    await stack.sink.waitForMails(agent.agent.email, 2);
  });
});

describe('answering a ticket by e-mail', () => {
  it('mails an agent reply to the visitor, and posts the visitor’s e-mail reply (quotes stripped) to the thread', async () => {
    const { site, agent, admin } = await newSite();
    const email = visitorEmail();
    await leaveOfflineMessage(site.siteId, {
      name: 'Budi',
      email,
      question: 'Is the office open on Saturday?',
    });
    const [receipt] = await stack.sink.waitForMails(email);
    const ticket = await ticketOfMail(agent.token, receipt!);

    await stack.api(agent.token, 'POST', `/tickets/${ticket.ticketId}/replies`, {
      clientMessageId: 'r1',
      text: 'No, only Monday to Friday.',
    });
    const mails = await stack.sink.waitForMails(email, 2);
    const reply = mails[1]!;
    expect(reply.parsed.subject).toBe(`Re: Is the office open on Saturday? [#${ticket.number}]`);
    expect(reply.parsed.text).toContain('Ayu answered your ticket');
    expect(reply.parsed.text).toContain('No, only Monday to Friday.');
    expect(reply.parsed.inReplyTo).toBe(`<ticket-${ticket.ticketId}@${stack.replyDomain}>`);

    const replyTo = reply.parsed.replyTo?.value[0]?.address ?? '';
    const quoted = `Thank you!\n\nOn Mon, 1 Jan 2026 at 10:00, Dinas PU Kota <${replyTo}> wrote:\n> No, only Monday to Friday.`;
    await stack.sendInbound({
      from: email,
      to: replyTo,
      subject: `Re: ${reply.parsed.subject}`,
      text: quoted,
      messageId: '<r-1@visitors.test.localhost>',
    });
    // The same mail delivered twice is posted once.
    await stack.sendInbound({
      from: email,
      to: replyTo,
      subject: `Re: ${reply.parsed.subject}`,
      text: quoted,
      messageId: '<r-1@visitors.test.localhost>',
    });
    await stack.sendInbound({
      from: 'mallory@evil.test.localhost',
      to: replyTo,
      subject: 'Re: hi',
      text: 'Click my link',
    });

    const thread = await waitFor(async () => {
      const { ticket: current } = await stack.api<{ ticket: TicketView }>(
        agent.token,
        'GET',
        `/tickets/${ticket.ticketId}`,
      );
      return current.thread.some((entry) => entry.kind === 'customer-reply') && current.thread;
    });
    expect(
      thread.filter((entry) => entry.kind === 'customer-reply').map((entry) => entry.text),
    ).toEqual(['Thank you!']);

    const { mails: quarantined } = await waitFor(async () => {
      const result = await stack.api<{ mails: Array<{ from: string; ticketId: string }> }>(
        admin.token,
        'GET',
        '/mail/quarantine',
      );
      return result.mails.length > 0 && result;
    });
    expect(quarantined).toEqual([
      expect.objectContaining({ from: 'mallory@evil.test.localhost', ticketId: ticket.ticketId }),
    ]);
    const { ticket: after } = await stack.api<{ ticket: TicketView }>(
      agent.token,
      'GET',
      `/tickets/${ticket.ticketId}`,
    );
    expect(after.thread.some((entry) => entry.text.includes('Click my link'))).toBe(false);

    // An address whose token was not made with notify's secret is refused at RCPT.
    const forged = replyTo.replace(/-[0-9a-f]{16}@/, '-0123456789abcdef@');
    await expect(
      stack.sendInbound({ from: email, to: forged, subject: 'x', text: 'y' }),
    ).rejects.toThrow(/550/);
  });

  it('converts a chat into a ticket with its transcript, and mails a transcript on request (no whispers)', async () => {
    const { site, agent } = await newSite();
    const email = visitorEmail();
    const visitor = { kind: 'visitor' as const, id: uniqueName('v'), name: 'Rina' };
    const { conversationId } = await stack.bus.request('chat.start-conversation', {
      siteId: site.siteId,
      visitor,
      preChat: { name: 'Rina', email },
    });
    const author = { kind: 'agent' as const, id: agent.agent.agentId, name: 'Ayu' };
    await stack.bus.request('chat.post-message', {
      siteId: site.siteId,
      conversationId,
      author: visitor,
      clientMessageId: 'm1',
      text: 'My permit is late',
    });
    await stack.bus.request('chat.post-message', {
      siteId: site.siteId,
      conversationId,
      author,
      clientMessageId: 'm2',
      text: 'I will forward it to the head of office',
    });
    await stack.bus.request('chat.post-whisper', {
      siteId: site.siteId,
      conversationId,
      author,
      clientMessageId: 'w1',
      text: 'internal: he called twice',
    });
    await stack.bus.request('chat.request-transcript', {
      siteId: site.siteId,
      conversationId,
      visitor,
      email,
    });

    const [transcript] = await stack.sink.waitForMails(email);
    expect(transcript!.parsed.subject).toBe('Your chat with Dinas PU Kota');
    expect(transcript!.parsed.text).toContain('My permit is late');
    expect(transcript!.parsed.text).toContain('I will forward it to the head of office');
    expect(transcript!.raw).not.toContain('internal: he called twice');

    const converted = await stack.api<{ ticketId: string; number: number; created: boolean }>(
      agent.token,
      'POST',
      `/conversations/${conversationId}/ticket`,
      { subject: 'Late permit' },
    );
    expect(converted.created).toBe(true);
    const again = await stack.api<{ ticketId: string; created: boolean }>(
      agent.token,
      'POST',
      `/conversations/${conversationId}/ticket`,
      {},
    );
    expect(again).toMatchObject({ ticketId: converted.ticketId, created: false });
    const { ticket } = await stack.api<{ ticket: TicketView }>(
      agent.token,
      'GET',
      `/tickets/${converted.ticketId}`,
    );
    expect(ticket).toMatchObject({
      source: 'chat',
      subject: 'Late permit',
      requesterEmail: email,
      conversationId,
    });
    expect(ticket.transcript.map((line) => line.text)).toEqual([
      'My permit is late',
      'I will forward it to the head of office',
    ]);
    const mails = await stack.sink.waitForMails(email, 2);
    expect(mails[1]!.parsed.subject).toBe(`We received your message [#${converted.number}]`);

    await stack.api(agent.token, 'PUT', `/tickets/${converted.ticketId}/status`, {
      status: 'pending',
    });
    await stack.api(agent.token, 'PUT', `/tickets/${converted.ticketId}/assignee`, {
      assignee: { id: agent.agent.agentId, name: 'Ayu' },
    });
    await stack.api(agent.token, 'POST', `/tickets/${converted.ticketId}/notes`, {
      clientMessageId: 'n1',
      text: 'waiting for the head of office',
    });
    const listed = await waitFor(async () => {
      const { tickets } = await stack.api<{ tickets: TicketSummary[] }>(
        agent.token,
        'GET',
        `/tickets?status=pending&assignee=${agent.agent.agentId}`,
      );
      return tickets.length === 1 && tickets[0]!.noteCount === 1 && tickets;
    });
    expect(listed[0]).toMatchObject({ ticketId: converted.ticketId, assigneeName: 'Ayu' });
  });
});

describe('delivery guarantees', () => {
  it('a server answering 451 twice then 250 gets exactly one delivery', async () => {
    const { site } = await newSite();
    const email = visitorEmail();
    stack.sink.script(email, [451, 451]);
    await leaveOfflineMessage(site.siteId, { name: 'Budi', email, question: 'Hello?' });
    await stack.sink.waitForMails(email);
    const [job] = await waitFor(async () => {
      const jobs = await jobsTo(email);
      return jobs[0]?.['status'] === 'sent' && jobs;
    });
    expect(job).toMatchObject({ status: 'sent', attempts: 3 });
    expect(stack.sink.rcptAttempts.get(email)).toBe(3);
    expect(stack.sink.to(email)).toHaveLength(1);
  });

  it('550 is tried once and marks the address as bouncing on the ticket', async () => {
    const { site, agent } = await newSite();
    const email = visitorEmail();
    stack.sink.script(email, [550, 550, 550]);
    await leaveOfflineMessage(site.siteId, { name: 'Budi', email, question: 'Hello?' });
    const [job] = await waitFor(async () => {
      const jobs = await jobsTo(email);
      return jobs[0]?.['status'] === 'bounced' && jobs;
    });
    expect(job).toMatchObject({ attempts: 1 });
    expect(stack.sink.rcptAttempts.get(email)).toBe(1);
    const bounced = await waitFor(async () => {
      const { tickets } = await stack.api<{ tickets: TicketSummary[] }>(
        agent.token,
        'GET',
        `/tickets?text=${encodeURIComponent(email)}`,
      );
      return tickets[0]?.emailBouncing === true && tickets[0];
    });
    const { ticket } = await stack.api<{ ticket: TicketView }>(
      agent.token,
      'GET',
      `/tickets/${bounced.ticketId}`,
    );
    expect(ticket.thread.at(-1)).toMatchObject({ kind: 'bounce' });
    expect(stack.sink.to(email)).toHaveLength(0);
  });

  it('gives up after N temporary failures into the dead-letter list, which an admin can retry', async () => {
    const { site, admin } = await newSite();
    const email = visitorEmail();
    stack.sink.script(email, [421, 451, 452, 451, 421]);
    await leaveOfflineMessage(site.siteId, { name: 'Budi', email, question: 'Hello?' });
    const { mails } = await waitFor(async () => {
      const result = await stack.api<{
        mails: Array<{ mailId: string; to: string; attempts: number }>;
      }>(admin.token, 'GET', '/mail/dead-letters');
      return result.mails.length > 0 && result;
    });
    expect(mails).toEqual([expect.objectContaining({ to: email, attempts: 5 })]);
    expect(stack.sink.to(email)).toHaveLength(0);
    await stack.api(
      admin.token,
      'POST',
      `/mail/dead-letters/${encodeURIComponent(mails[0]!.mailId)}/retry`,
    );
    await stack.sink.waitForMails(email);
    expect(stack.sink.to(email)).toHaveLength(1);
  });

  it('CR/LF and header injection are neutralised and HTML in the question is escaped in every mail', async () => {
    const { site, agent } = await newSite();
    const email = visitorEmail();
    await expect(
      leaveOfflineMessage(site.siteId, {
        name: 'Eve',
        email: `${email}\r\nBcc: victim@evil.test.localhost`,
        question: 'x',
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await leaveOfflineMessage(site.siteId, {
      name: 'Eve\r\nBcc: victim@evil.test.localhost\r\nX-Injected: yes',
      email,
      question: '<script>alert(1)</script>\r\nSubject: hacked\r\n<b>bold</b>',
    });
    const [receipt] = await stack.sink.waitForMails(email);
    const [notice] = await stack.sink.waitForMails(agent.agent.email);
    for (const mail of [receipt!, notice!]) {
      expect(mail.rcptTo).toHaveLength(1);
      expect(mail.parsed.headers.has('bcc')).toBe(false);
      expect(mail.parsed.headers.has('x-injected')).toBe(false);
      expect(mail.parsed.subject).not.toMatch(/[\r\n]/);
      expect(mail.parsed.html).not.toContain('<script>');
      expect(mail.parsed.html).not.toContain('<b>bold</b>');
      expect(mail.parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(stack.sink.to('victim@evil.test.localhost')).toHaveLength(0);
    expect(
      receipt!.parsed.to && 'value' in receipt!.parsed.to ? receipt!.parsed.to.value : [],
    ).toEqual([{ address: email, name: 'Eve Bcc: victim@evil.test.localhost X-Injected: yes' }]);
  });
});
