import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, waitFor } from '@sapa/testkit';
import { REPO_ROOT } from './kustomize.js';
import { agentToken, PlayClient, storedTexts } from './ws-client.js';

/**
 * scripts/run.sh as a new user runs it, with its own NATS, Redis and FerretDB: the chat service
 * is killed with SIGKILL mid-conversation; run.sh restarts it while the gateway keeps the
 * sockets, the visitor's resent message is stored once, and nothing acknowledged is lost.
 */
let data: string;
let runSh: ChildProcess;
let output = '';
let gateway: string;
let first: { siteKey: string; admin: { email: string; password: string } };

const ORIGIN = () => gateway.replace('ws:', 'http:');

beforeAll(async () => {
  data = mkdtempSync(path.join(tmpdir(), 'sapa-run-'));
  const port = await freePort();
  gateway = `ws://127.0.0.1:${port}`;
  runSh = spawn('bash', [path.join(REPO_ROOT, 'scripts', 'run.sh')], {
    env: {
      ...process.env,
      SAPA_PORT: String(port),
      SAPA_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SAPA_DATA_DIR: data,
      SAPA_SKIP_BUILD: '1',
      SAPA_INBOUND_SMTP_PORT: String(await freePort()),
      SAPA_RESTART_BASE_S: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  runSh.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  runSh.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitFor(() => output.includes('Sapa is running.'), {
    timeoutMs: 240_000,
    intervalMs: 250,
    description: 'scripts/run.sh to say Sapa is running',
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });
  first = JSON.parse(readFileSync(path.join(data, 'first-admin.json'), 'utf8')) as typeof first;
}, 300_000);

afterAll(async () => {
  if (runSh?.exitCode === null) {
    const exited = new Promise((resolve) => runSh.once('exit', resolve));
    runSh.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (runSh.exitCode === null && runSh.pid) process.kill(-runSh.pid, 'SIGKILL');
  }
  if (data) rmSync(data, { recursive: true, force: true });
}, 60_000);

const chatPid = (): number => Number(readFileSync(path.join(data, 'run', 'chat.pid'), 'utf8'));

/** Sends until acknowledged (the same clientMessageId each time, as the widget resends). */
async function sendUntilAcked(
  visitor: PlayClient,
  conversationId: string,
  id: string,
  text: string,
) {
  return waitFor(
    () =>
      visitor
        .request('message.send', { conversationId, clientMessageId: id, text })
        .catch(() => undefined),
    { timeoutMs: 90_000, intervalMs: 500, description: `an ack for ${id}` },
  );
}

describe('scripts/run.sh supervision', () => {
  it('restarts a chat service killed with SIGKILL; the others keep serving and nothing acknowledged is lost', async () => {
    const visitorUrl = `${gateway}/ws/visitor?site=${first.siteKey}`;
    const visitor = await PlayClient.connect(visitorUrl, ORIGIN());
    const welcome = await visitor.waitFor((frame) => frame.type === 'welcome', 'welcome');
    const started = await visitor.request('conversation.start', { preChat: { name: 'Siti' } });
    const conversationId = String(started['conversationId']);
    await sendUntilAcked(visitor, conversationId, 'm1', 'sebelum');

    const killed = chatPid();
    process.kill(killed, 'SIGKILL');
    // The gateway and its sockets stay up while chat is down; the resend is acknowledged once
    // chat is back, and stored once.
    await sendUntilAcked(visitor, conversationId, 'm2', 'sesudah');
    expect(chatPid()).not.toBe(killed);
    expect(output).toMatch(/chat killed by signal KILL; restarting in 1s/);
    expect(readFileSync(path.join(data, 'logs', 'restarts.log'), 'utf8')).toMatch(
      / chat killed by signal KILL$/m,
    );

    // The visitor reconnects with its token and finds the conversation; the agent reads it.
    visitor.close();
    const visitorToken = String(welcome.data?.['visitorToken']);
    const again = await PlayClient.connect(visitorUrl, ORIGIN(), visitorToken);
    const resumed = await again.waitFor((frame) => frame.type === 'welcome', 'welcome again');
    expect(JSON.stringify(resumed.data)).toContain(conversationId);
    again.close();
    const http = ORIGIN();
    const agent = await agentToken(http, first.admin);
    expect(await storedTexts(http, agent, conversationId)).toEqual(['sebelum', 'sesudah']);
  }, 180_000);
});
