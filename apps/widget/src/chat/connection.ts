import type {
  ErrorFrame,
  LooseClientEvent,
  VisitorServerFrame,
  WelcomeVisitorFrame,
} from '@sapa/contracts';
import { restartRetryDelayMs } from '@sapa/contracts';

/**
 * The visitor's WebSocket to the gateway (docs/protocol.md): keeps the visitor token, answers
 * requests by id, reconnects by itself with exponential back-off, and notices a dead line with
 * an app-level ping, because browsers cannot see WebSocket pings.
 */
/** Every frame the gateway sends a visitor socket. */
export type ServerFrame = VisitorServerFrame;
/** A conversation event as the gateway sends it; read defensively (fields may be missing). */
export type ChatEvent = LooseClientEvent;
export type VisitorWelcome = WelcomeVisitorFrame['data'];

/** A refused request; `code` is the wire error code, or `disconnected` / `timeout` locally. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface ConnectionHandlers {
  welcome(data: VisitorWelcome): void;
  frame(frame: ServerFrame): void;
  state(state: ConnectionState): void;
}

interface Pending {
  resolve(data: unknown): void;
  reject(error: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const PING_EVERY_MS = 20_000;
const PONG_WITHIN_MS = 5_000;

export class VisitorConnection {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private refusedWithToken = 0;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private welcomed = false;

  constructor(
    private readonly server: string,
    private readonly siteKey: string,
    private readonly handlers: ConnectionHandlers,
  ) {}

  private get tokenKey(): string {
    return `sapa:${this.siteKey}:token`;
  }

  /** True once welcomed and until the socket closes. */
  get online(): boolean {
    return this.welcomed;
  }

  start(): void {
    // Knowing the network is gone, do not wait for a ping to time out; when it is back, retry now.
    addEventListener('offline', () => this.drop());
    addEventListener('online', () => this.reconnectNow());
    this.connect();
  }

  /** Sends a frame and resolves with its ack data. Rejects with RequestError. */
  request<T = Record<string, unknown>>(
    type: string,
    data: unknown = {},
    timeoutMs = 10_000,
  ): Promise<T> {
    const ws = this.ws;
    if (!ws || !this.welcomed || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RequestError('disconnected', 'not connected'));
    }
    const id = `w${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `${type} timed out`));
      }, timeoutMs);
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject, timer });
      ws.send(JSON.stringify({ type, id, data }));
    });
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    const token = readStorage(this.tokenKey);
    const url = `${this.server.replace(/^http/, 'ws')}/ws/visitor?site=${encodeURIComponent(this.siteKey)}`;
    this.handlers.state('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, token ? ['sapa.v1', `sapa.token.${token}`] : ['sapa.v1']);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(message.data) as ServerFrame;
      } catch {
        return;
      }
      this.receive(frame);
    };
    ws.onclose = (close: CloseEvent) => {
      if (this.ws !== ws) return;
      this.lost();
      if (!opened && token) void this.checkRefusedToken();
      // A restarting gateway (1012) says when to come back; anything else backs off.
      this.scheduleReconnect(restartRetryDelayMs(close.code, close.reason));
    };
  }

  /**
   * Gives up the current socket at once (network gone, ping unanswered): a close handshake over
   * a dead line could take minutes, and the visitor should see the state now.
   */
  private drop(): void {
    const ws = this.ws;
    if (!ws) return;
    ws.onclose = null;
    ws.onmessage = null;
    ws.close();
    this.lost();
    this.scheduleReconnect();
  }

  private lost(): void {
    this.ws = undefined;
    this.welcomed = false;
    clearInterval(this.pingTimer);
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new RequestError('disconnected', 'connection lost'));
      this.pending.delete(id);
    }
    this.handlers.state('offline');
  }

  private receive(frame: ServerFrame): void {
    if (frame.type === 'welcome') {
      const data = frame.data;
      writeStorage(this.tokenKey, data.visitorToken);
      this.attempt = 0;
      this.refusedWithToken = 0;
      this.welcomed = true;
      this.startPing();
      this.handlers.state('online');
      this.handlers.welcome(data);
      return;
    }
    const answer = frame.type === 'ack' || frame.type === 'error' || frame.type === 'pong';
    const pending = answer && frame.id !== undefined ? this.pending.get(frame.id) : undefined;
    if (answer && pending && frame.id !== undefined) {
      this.pending.delete(frame.id);
      clearTimeout(pending.timer);
      if (frame.type === 'error') {
        // The frame is parsed, not checked: a malformed error still rejects.
        const error = frame.error as Partial<ErrorFrame['error']> | undefined;
        pending.reject(new RequestError(error?.code ?? 'internal', error?.message ?? 'refused'));
      } else {
        pending.resolve((frame.type === 'ack' ? frame.data : undefined) ?? {});
      }
      return;
    }
    this.handlers.frame(frame);
  }

  /** A ping without a pong in time means the line is dead even if the socket looks open. */
  private startPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      this.request('ping', undefined, PONG_WITHIN_MS).catch(() => {
        if (this.ws === ws) this.drop();
      });
    }, PING_EVERY_MS);
  }

  /**
   * A browser cannot see why an upgrade failed. If it failed twice with a token while the
   * gateway answers plain HTTP, the token was refused (expired or of another site): drop it
   * and come back as a new visitor rather than retry forever.
   */
  private async checkRefusedToken(): Promise<void> {
    this.refusedWithToken++;
    if (this.refusedWithToken < 2 || !navigator.onLine) return;
    try {
      await fetch(`${this.server}/health`, { mode: 'no-cors', cache: 'no-store' });
      removeStorage(this.tokenKey);
      this.refusedWithToken = 0;
    } catch {
      // The gateway is unreachable: keep the token and keep trying.
    }
  }

  private scheduleReconnect(hintedMs?: number): void {
    if (this.reconnectTimer !== undefined) return;
    if (hintedMs !== undefined) {
      this.reconnectTimer = setTimeout(() => this.connect(), hintedMs);
      return;
    }
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt++;
    // Jitter keeps a thousand widgets from reconnecting in the same millisecond after an outage.
    this.reconnectTimer = setTimeout(() => this.connect(), delay / 2 + Math.random() * (delay / 2));
  }

  private reconnectNow(): void {
    if (this.ws) return;
    clearTimeout(this.reconnectTimer);
    this.attempt = 0;
    this.connect();
  }
}

/** localStorage can throw (privacy modes, sandboxed frames): the widget then keeps state in memory. */
const memory = new Map<string, string>();
export function readStorage(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return memory.get(key);
  }
}
export function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    memory.set(key, value);
  }
}
export function removeStorage(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    memory.delete(key);
  }
}
