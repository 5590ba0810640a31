import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uniqueName, waitFor } from '@sapa/testkit';
import { startMailStack, type MailStack } from './test-support/mail-stack.js';
import type { ReceivedMail } from './test-support/smtp-sink.js';

let stack: MailStack;
const CONCURRENCY = 4;

beforeAll(async () => {
  stack = await startMailStack({
    MAIL_MAX_ATTEMPTS: '100',
    MAIL_CONCURRENCY: String(CONCURRENCY),
    MAIL_LEASE_MS: '2000',
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const leave = (siteId: string, email: string, question = 'Is the office open?') =>
  stack.bus.request(
    'chat.leave-offline-message',
    { siteId, visitorId: uniqueName('v'), name: 'Budi', email, question },
    { timeoutMs: 30_000 },
  );

/** Mails per (recipient, Message-ID): a repeat of a Message-ID is the same mail sent again. */
function distinctByMessageId(mails: readonly ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) {
    for (const rcpt of mail.rcptTo) {
      const key = `${rcpt} ${mail.parsed.messageId ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The queue and the services' recent logs, for a failure message (CI keeps no service logs). */
async function queueReport(siteId: string): Promise<string> {
  const byStatus = await stack.db
    .collection('mail_jobs')
    .aggregate([{ $match: { siteId } }, { $group: { _id: '$status', count: { $sum: 1 } } }])
    .toArray();
  const tail = (name: 'notify' | 'tickets') =>
    `--- ${name} (last lines):\n${stack.services[name].output().slice(-4_000)}`;
  return [`mail_jobs by status: ${JSON.stringify(byStatus)}`, tail('notify'), tail('tickets')].join(
    '\n',
  );
}

describe('notify under faults', () => {
  it('SMTP down for a while: the mails arrive once it is back, exactly once', async () => {
    const site = await stack.createSite('Kantor Camat');
    const { agent } = await stack.createAgent(site.siteId, 'Ayu');
    await stack.sink.stop();
    const visitors = [0, 1, 2].map(() => `${uniqueName('visitor')}@visitors.test.localhost`);
    for (const email of visitors) await leave(site.siteId, email);

    // Connection refused is temporary: each mail is tried again with back-off.
    await waitFor(
      async () => {
        const jobs = await stack.db.collection('mail_jobs').find({ siteId: site.siteId }).toArray();
        return jobs.length === 6 && jobs.every((job) => (job['attempts'] as number) >= 2) && jobs;
      },
      { timeoutMs: 30_000, description: 'every mail tried at least twice while SMTP is down' },
    );
    await stack.sink.start();

    for (const email of visitors) await stack.sink.waitForMails(email);
    await stack.sink.waitForMails(agent.email, 3);
    await waitFor(async () => {
      const jobs = await stack.db.collection('mail_jobs').find({ siteId: site.siteId }).toArray();
      return jobs.every((job) => job['status'] === 'sent');
    });
    for (const email of visitors) expect(stack.sink.to(email)).toHaveLength(1);
    expect(stack.sink.to(agent.email)).toHaveLength(3);
  });

  it('notify SIGKILLed while 500 notifications are queued: after restart every recipient has exactly one of each', async () => {
    const site = await stack.createSite('Dinas Pendidikan');
    const { agent } = await stack.createAgent(site.siteId, 'Ayu');
    const visitors = Array.from(
      { length: 250 },
      () => `${uniqueName('visitor')}@visitors.test.localhost`,
    );
    stack.sink.delayMs = 5;
    const start = stack.sink.mails.length;
    // Offline messages keep coming in while notify is killed: the kill lands mid-burst.
    const burst = (async () => {
      for (let index = 0; index < visitors.length; index += 5) {
        await Promise.all(
          visitors.slice(index, index + 5).map((email) => leave(site.siteId, email)),
        );
      }
    })();
    const ours = () => stack.sink.mails.slice(start);
    await waitFor(() => ours().length >= 60, { timeoutMs: 120_000, description: '60 mails sent' });
    await stack.services.notify.kill();
    const atKill = ours().length;
    await stack.services.notify.restart();
    await burst;

    await waitFor(() => distinctByMessageId(ours()).size >= 500, {
      timeoutMs: 180_000,
      intervalMs: 250,
      description: '500 distinct mails',
    }).catch(async (error: unknown) => {
      const seen = distinctByMessageId(ours()).size;
      throw new Error(`${String(error)} (${seen} seen)\n${await queueReport(site.siteId)}`);
    });
    const counts = distinctByMessageId(ours());
    expect(counts.size).toBe(500);
    // Every visitor got exactly one receipt; the agent one notice per ticket number.
    for (const email of visitors) {
      expect(new Set(stack.sink.to(email).map((mail) => mail.parsed.messageId)).size).toBe(1);
    }
    const notices = stack.sink
      .to(agent.email)
      .filter((mail) => mail.parsed.subject?.startsWith('New ticket'));
    const numbers = new Set(notices.map((mail) => /#(\d+)/.exec(mail.parsed.subject ?? '')?.[1]));
    expect(numbers.size).toBe(250);
    // The one window SMTP leaves open: a mail accepted by the server just before the kill,
    // not yet recorded as sent, goes out again with the same Message-ID (at most one per sender).
    const resent = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
    expect(resent).toBeLessThanOrEqual(CONCURRENCY);
    expect(atKill).toBeLessThan(500);
    const states = await stack.db
      .collection('mail_jobs')
      .distinct('status', { siteId: site.siteId });
    expect(states).toEqual(['sent']);
  }, 400_000);
});
