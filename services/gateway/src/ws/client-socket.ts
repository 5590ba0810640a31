import type { WebSocket } from 'ws';
import { CLOSE_CODES, newId, type ServerFrame, type WireError } from '@sapa/contracts';
import { gatewayMetrics } from '../gateway-telemetry.js';

const framesSent = gatewayMetrics.framesSent;

/**
 * One browser's socket, with what the gateway keeps per connection: an id, the client IP
 * and a liveness flag. The upgrade request is not kept (it is large and useless after).
 */
export class ClientSocket {
  readonly id = newId();
  private alive = true;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly ip: string,
    private readonly sendBufferLimit: number,
  ) {
    ws.on('pong', () => {
      this.alive = true;
    });
    // A protocol error (e.g. a frame above maxPayload) is answered by ws itself with a close
    // (1009, 1002...); without a listener it would be thrown and stop the whole gateway.
    ws.on('error', () => undefined);
  }

  /** Open until either side closes it (no close listener of its own: one less per socket). */
  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  /**
   * Sends pre-serialised text. A socket whose unsent data passed the limit cannot keep up;
   * it is closed rather than allowed to grow the gateway's memory without bound.
   */
  sendText(text: string): boolean {
    if (!this.isOpen) return false;
    if (this.ws.bufferedAmount > this.sendBufferLimit) {
      gatewayMetrics.slowReaderCloses().inc();
      this.close(CLOSE_CODES.slowConsumer, 'too slow: send buffer full');
      return false;
    }
    this.ws.send(text);
    framesSent().inc();
    return true;
  }

  send(frame: ServerFrame): boolean {
    return this.sendText(JSON.stringify(frame));
  }

  sendError(id: string | undefined, error: WireError): boolean {
    return this.send(id === undefined ? { type: 'error', error } : { type: 'error', id, error });
  }

  close(code: number, reason: string): void {
    if (this.closed || this.ws.readyState === this.ws.CLOSED) return;
    this.closed = true;
    this.ws.close(code, reason);
    // A peer that never answers the close handshake must not hold the socket forever.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  /** Called on every heartbeat tick: terminates a socket that missed the previous ping. */
  checkAlive(): boolean {
    if (!this.alive) {
      this.closed = true;
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    this.ws.ping();
    return true;
  }
}
