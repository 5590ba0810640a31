import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniqueName, waitFor } from '@sapa/testkit';
import { startMailStack, type MailStack } from './test-support/mail-stack.js';

/**
 * Bounce suppression on the real services: once an address answered 550, later mails to it
 * are neither queued nor sent (notify only logs "recipient is bouncing, no mail"), so a typed
 * address cannot be used to keep hammering a mailbox that refuses us.
 */
let stack: MailStack;

beforeAll(async () => {
  stack = await startMailStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const jobsTo = (address: string) =>
  stack.db.collection('mail_jobs').find({ to: address.toLowerCase() }).toArray();

const leaveOfflineMessage = (siteId: string, email: string, question: string) =>
  stack.bus.request('chat.leave-offline-message', {
    siteId,
    visitorId: uniqueName('v'),
    page: { url: 'https://site.test.localhost/kontak', title: 'Kontak' },
    name: 'Budi',
    email,
    question,
  });

describe('a bouncing address', () => {
  it('after a 550, a later mail to that address is skipped while the agents still get theirs', async () => {
    const site = await stack.createSite('Dinas Kesehatan');
    const { agent } = await stack.createAgent(site.siteId, 'Ayu');
    const email = `${uniqueName('visitor')}@visitors.test.localhost`;
    stack.sink.script(email, [550, 550, 550]);
    await leaveOfflineMessage(site.siteId, email, 'Jam buka puskesmas?');
    await waitFor(async () => {
      const jobs = await jobsTo(email);
      return jobs[0]?.['status'] === 'bounced' && jobs;
    });

    // Different casing: the same mailbox.
    await leaveOfflineMessage(site.siteId, email.toUpperCase(), 'Halo lagi?');
    // The agents' "new ticket" mails of the second ticket are queued after the requester's
    // (same event, same pass): once they exist, the requester's was decided.
    await waitFor(async () => (await jobsTo(agent.email)).length >= 2);
    await stack.sink.waitForMails(agent.email, 2);

    const jobs = await jobsTo(email);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'bounced', attempts: 1 });
    expect(stack.sink.rcptAttempts.get(email)).toBe(1);
    expect(stack.sink.to(email)).toHaveLength(0);
  });
});
