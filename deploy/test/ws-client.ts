import WebSocket from 'ws';

/** One frame from the gateway, loosely typed: the play test reads only a few fields. */
export interface Frame {
  readonly type: string;
  readonly id?: string;
  readonly data?: Record<string, unknown>;
  readonly event?: {
    readonly conversationId: string;
    readonly type: string;
    readonly data: Record<string, unknown>;
  };
  readonly error?: { readonly code: string; readonly message: string };
}

/** A small WebSocket client for the containerised gateway: requests by id, waits by predicate. */
export class PlayClient {
  private readonly frames: Frame[] = [];
  private readonly listeners = new Set<() => void>();
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      this.frames.push(JSON.parse(raw.toString('utf8')) as Frame);
      for (const listener of this.listeners) listener();
    });
  }

  static async connect(url: string, origin: string, token?: string): Promise<PlayClient> {
    const protocols = token ? ['sapa.v1', `sapa.token.${token}`] : ['sapa.v1'];
    const client = new PlayClient(new WebSocket(url, protocols, { origin }));
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    await client.waitFor((frame) => frame.type === 'welcome', 'welcome');
    return client;
  }

  /** Sends a frame and resolves with its ack's data; an error frame rejects. */
  async request(type: string, data: object): Promise<Record<string, unknown>> {
    const id = `p${this.nextId++}`;
    this.ws.send(JSON.stringify({ type, id, data }));
    const answer = await this.waitFor(
      (frame) => frame.id === id && (frame.type === 'ack' || frame.type === 'error'),
      `answer to ${type}`,
    );
    if (answer.type === 'error') throw new Error(`${type}: ${JSON.stringify(answer.error)}`);
    return answer.data ?? {};
  }

  /** The first frame, received or to come, that matches. */
  waitFor(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 20_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.frames.find(predicate);
        if (!found) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what}; last frames ${JSON.stringify(this.frames.slice(-3))}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** One side writes in a conversation and the other side sees the message arrive. */
export async function say(
  from: PlayClient,
  to: PlayClient,
  conversationId: string,
  clientMessageId: string,
  text: string,
): Promise<void> {
  await from.request('message.send', { conversationId, clientMessageId, text });
  await to.waitFor(
    (frame) => frame.event?.conversationId === conversationId && frame.event.data['text'] === text,
    `"${text}" at the other side`,
  );
}

/** An agent's token from the gateway's REST login. */
export async function agentToken(
  http: string,
  login: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${http}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: http },
    body: JSON.stringify(login),
  });
  if (!response.ok) throw new Error(`login: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The texts of a conversation's stored MessagePosted events, in order, read over REST. */
export async function storedTexts(
  http: string,
  token: string,
  conversationId: string,
): Promise<string[]> {
  const response = await fetch(`${http}/api/v1/conversations/${conversationId}/events`, {
    headers: { authorization: `Bearer ${token}`, origin: http },
  });
  if (!response.ok) throw new Error(`events: HTTP ${response.status}`);
  const { events } = (await response.json()) as {
    events: { type: string; data: { text?: string } }[];
  };
  return events
    .filter((event) => event.type === 'MessagePosted')
    .map((event) => event.data.text ?? '');
}
