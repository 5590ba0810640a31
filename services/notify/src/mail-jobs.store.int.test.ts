import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testInfra, uniqueName } from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import { MailJobs, type NewMailJob } from './mail-jobs.store.js';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  db = client.db(uniqueName('mail_jobs'));
});
afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

const LEASE_MS = 2_000;
/** Where senders record which attempt of a mail they took. */
const claims = () => db.collection<{ _id: string; at: Date }>('mail_claims');

const mail = (to: string): NewMailJob => ({
  _id: `${uniqueName('event')}:ticket-received:${to}`,
  siteId: 'site1',
  ticketId: 'ticket1',
  kind: 'ticket-received',
  to,
  toName: 'Budi',
  fromName: 'Dinas',
  subject: 'Tiket #1',
  text: 'Terima kasih',
  html: '<p>Terima kasih</p>',
  replyTo: null,
  inReplyTo: null,
});

describe('MailJobs claims on a real store', () => {
  it('a sender killed between its claim and marking the mail sending does not strand the mail', async () => {
    const jobs = await MailJobs.open(db, 'sapa.test');
    const job = mail('stranded@visitors.test.localhost');
    const queuedAt = new Date(Date.now() - 10_000);
    await jobs.enqueue(job, queuedAt);
    // The dead sender's claim of attempt 0, older than a lease; the mail is still pending.
    await claims().insertOne({ _id: `${job._id}#0`, at: queuedAt });

    // The first claim finds the attempt taken and opens a new one; the next takes the mail.
    expect(await jobs.claim(LEASE_MS)).toBeNull();
    const taken = await jobs.claim(LEASE_MS);
    expect(taken).toMatchObject({ _id: job._id, generation: 1, status: 'sending' });
    expect(await jobs.claim(LEASE_MS)).toBeNull();
  });

  it('an attempt claimed by a live sender a moment ago is left to it', async () => {
    const jobs = await MailJobs.open(db, 'sapa.test');
    const job = mail('busy@visitors.test.localhost');
    await jobs.enqueue(job);
    await claims().insertOne({ _id: `${job._id}#0`, at: new Date() });

    expect(await jobs.claim(LEASE_MS)).toBeNull();
    const [stored] = await jobs.find({ to: 'busy@visitors.test.localhost' });
    expect(stored).toMatchObject({ status: 'pending', generation: 0 });
  });
});
