import WebSocket from 'ws';
import type { ClientEvent, ServerFrame, WireError } from '@sapa/contracts';

/** A refused request: the error frame that answered it. */
export class FrameError extends Error {
  constructor(readonly wire: WireError) {
    super(`${wire.code}: ${wire.message}`);
  }
}

/**
 * A protocol-level WebSocket client for tests: records every frame, answers requests by id,
 * and waits for frames with a deadline (never a fixed sleep).
 */
export class WsTestClient {
  readonly frames: ServerFrame[] = [];
  private nextId = 1;
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer) => {
      this.frames.push(JSON.parse(raw.toString('utf8')) as ServerFrame);
      this.notify();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  /** Opens a socket; resolves once open and welcomed, rejects with the HTTP status if refused. */
  static async connect(
    url: string,
    options: { origin: string; token?: string },
  ): Promise<WsTestClient> {
    const protocols = options.token ? ['sapa.v1', `sapa.token.${options.token}`] : ['sapa.v1'];
    const ws = new WebSocket(url, protocols, { origin: options.origin });
    const client = new WsTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) =>
        reject(new RefusedError(response.statusCode ?? 0)),
      );
      ws.once('error', reject);
    });
    await client.waitFor((frame) => frame.type === 'welcome', 'welcome frame');
    return client;
  }

  /** Expects the upgrade to be refused; returns the HTTP status. */
  static async refusedStatus(
    url: string,
    options: { origin: string; token?: string },
  ): Promise<number> {
    try {
      const client = await WsTestClient.connect(url, options);
      client.close();
    } catch (error) {
      if (error instanceof RefusedError) return error.status;
      throw error;
    }
    throw new Error('connection was accepted');
  }

  get welcome(): Extract<ServerFrame, { type: 'welcome' }> {
    const frame = this.frames.find((each) => each.type === 'welcome');
    if (!frame || frame.type !== 'welcome') throw new Error('not welcomed');
    return frame;
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Sends a frame with a fresh id and resolves with its ack data; rejects with FrameError. */
  async request<T = Record<string, unknown>>(type: string, data: unknown = {}): Promise<T> {
    const id = `r${this.nextId++}`;
    this.ws.send(JSON.stringify({ type, id, data }));
    const answer = await this.waitFor(
      (frame) =>
        (frame.type === 'ack' || frame.type === 'error' || frame.type === 'pong') &&
        frame.id === id,
      `answer to ${type} ${id}`,
    );
    if (answer.type === 'error') throw new FrameError(answer.error);
    return answer.type === 'ack' ? (answer.data as T) : ({} as T);
  }

  /** Resolves with the first frame (already received or future) matching the predicate. */
  waitFor<F extends ServerFrame = ServerFrame>(
    predicate: (frame: ServerFrame) => boolean,
    description: string,
    timeoutMs = 10_000,
  ): Promise<F> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.frames.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found as F);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== listener);
        reject(
          new Error(
            `timed out waiting for ${description}; got ${JSON.stringify(this.frames.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      const listener = () => {
        if (check()) this.waiters = this.waiters.filter((waiter) => waiter !== listener);
      };
      if (!check()) this.waiters.push(listener);
    });
  }

  /** Waits until the socket is closed; resolves with the close code. */
  async closed(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.closeCode;
  }

  /** Conversation events received, in arrival order. */
  events(conversationId?: string): ClientEvent[] {
    return this.frames
      .filter((frame): frame is Extract<ServerFrame, { type: 'event' }> => frame.type === 'event')
      .map((frame) => frame.event)
      .filter((event) => conversationId === undefined || event.conversationId === conversationId);
  }

  waitForEvent(match: (event: ClientEvent) => boolean, description: string): Promise<ClientEvent> {
    return this.waitFor((frame) => frame.type === 'event' && match(frame.event), description).then(
      (frame) => (frame as Extract<ServerFrame, { type: 'event' }>).event,
    );
  }

  close(): void {
    this.ws.close();
  }

  /** Drops the connection without a close handshake, like a network cut. */
  cut(): void {
    this.ws.terminate();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}
