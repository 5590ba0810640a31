import { backoffDelayMs } from './backoff.js';
import { restartRetryDelayMs, type AgentServerFrame } from '@sapa/contracts';
import { RequestError } from './request-error.js';

/** What the header shows: the dashboard never pretends to be live when it is not. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'signed-out';

export interface AgentSocketOptions {
  /** A valid token for the next connection attempt (refreshed by the caller when needed). */
  readonly token: () => Promise<string>;
  readonly onFrame: (frame: AgentServerFrame) => void;
  readonly onState: (state: ConnectionState) => void;
  /** Runs after every welcome, first connection and reconnections alike: catch up here. */
  readonly onConnected: () => void;
  /** The token was refused: the agent must sign in again. */
  readonly onUnauthorized: () => void;
  /** How often the line is checked with an app-level ping (browsers cannot see WS pings). */
  readonly pingIntervalMs?: number;
  readonly requestTimeoutMs?: number;
}

interface Pending {
  resolve(data: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The dashboard's WebSocket to /ws/agent. It reconnects by itself with back-off, checks the
 * line with pings (a dead line is closed and redialled rather than left silent), drops the
 * socket at once when the browser reports it went offline, and answers each request frame
 * with a promise settled by the matching ack or error.
 */
export class AgentSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private seq = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private readonly pending = new Map<string, Pending>();
  /** Drops the current socket now, without waiting for a close handshake a dead line never completes. */
  private dropCurrent: (() => void) | undefined;
  private readonly onOffline = () => this.dropCurrent?.();
  private readonly onOnline = () => this.redialNow();

  constructor(private readonly options: AgentSocketOptions) {}

  start(): void {
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    this.options.onState('connecting');
    void this.dial();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.ws?.close(1000, 'signed out');
    this.failPending(new RequestError('unavailable', 'signed out'));
  }

  /** Sends a frame and resolves with its ack data; rejects with the wire error or when the line drops. */
  request<T>(type: string, data: unknown = {}): Promise<T> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new RequestError('unavailable', 'not connected; reconnecting'));
    }
    const id = `r${++this.seq}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `${type} got no answer`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ type, id, data }));
    });
  }

  private async dial(): Promise<void> {
    if (this.stopped) return;
    // While the browser says it is offline, do not dial (the `online` event redials at once).
    if (!navigator.onLine) {
      this.scheduleRetry();
      return;
    }
    let token: string;
    try {
      token = await this.options.token();
    } catch (error) {
      if (error instanceof RequestError && error.code === 'unauthorized') {
        this.options.onUnauthorized();
        return;
      }
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`;
    const ws = new WebSocket(url, ['sapa.v1', `sapa.token.${token}`]);
    this.ws = ws;
    let welcomed = false;
    ws.onmessage = (message) => {
      const frame = parseFrame(message.data);
      if (!frame) return;
      if (frame.type === 'welcome') {
        welcomed = true;
        this.attempt = 0;
        this.options.onState('online');
        this.startPings(ws);
        this.options.onFrame(frame);
        this.options.onConnected();
        return;
      }
      if (frame.type === 'pong') {
        this.awaitingPong = false;
        return;
      }
      if ((frame.type === 'ack' || frame.type === 'error') && frame.id !== undefined) {
        const pending = this.pending.get(frame.id);
        if (pending) {
          this.pending.delete(frame.id);
          clearTimeout(pending.timer);
          if (frame.type === 'ack') pending.resolve(frame.data);
          else pending.reject(new RequestError(frame.error.code, frame.error.message));
        }
        return;
      }
      this.options.onFrame(frame);
    };
    const closed = (code: number, reason = '') => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.dropCurrent = undefined;
      clearInterval(this.pingTimer);
      this.failPending(new RequestError('unavailable', 'connection lost'));
      if (this.stopped) return;
      // A refusal at the handshake (401, 403) shows as 1006 before any welcome; a fresh
      // token is fetched on every dial, so a lapsed token heals on the next attempt.
      if (code === 4401) {
        this.options.onUnauthorized();
        return;
      }
      this.options.onState(welcomed || this.attempt > 0 ? 'reconnecting' : 'connecting');
      // A restarting gateway (1012) says when to come back; anything else backs off.
      this.scheduleRetry(restartRetryDelayMs(code, reason));
    };
    ws.onclose = (close) => closed(close.code, close.reason);
    this.dropCurrent = () => {
      ws.onclose = null;
      ws.close(4000, 'dropped');
      closed(4000);
    };
  }

  private scheduleRetry(hintedMs?: number): void {
    if (this.stopped) return;
    this.options.onState('reconnecting');
    const delay = hintedMs ?? backoffDelayMs(this.attempt++);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.dial(), delay);
  }

  /** The browser says the network is back: try now instead of waiting out the back-off. */
  private redialNow(): void {
    if (this.stopped || this.ws) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    void this.dial();
  }

  private startPings(ws: WebSocket): void {
    clearInterval(this.pingTimer);
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // No pong since the last ping: the line is dead even if the browser has not noticed.
        this.dropCurrent?.();
        return;
      }
      this.awaitingPong = true;
      ws.send(JSON.stringify({ type: 'ping' }));
    }, this.options.pingIntervalMs ?? 15_000);
  }

  private failPending(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}

function parseFrame(data: unknown): AgentServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const frame = JSON.parse(data) as AgentServerFrame;
    return typeof frame === 'object' && frame !== null && typeof frame.type === 'string'
      ? frame
      : null;
  } catch {
    return null;
  }
}
