import WebSocket from 'ws';
import type { RunConfig } from './plan.js';
import type { WorkerContext } from './worker-context.js';

/** The protocol version every socket asks for (docs/protocol.md). */
export const SUBPROTOCOL = 'sapa.v1';

/** A stored conversation event as the gateway sends it (only the fields the scenarios read). */
export interface EventFrameEvent {
  readonly type: string;
  readonly conversationId: string;
  readonly version: number;
  readonly data: { readonly text?: string; readonly author?: { readonly kind: string } };
}

/** A frame from the gateway, loosely typed: the generator is a black-box client, as k6 was. */
export interface ServerFrame {
  readonly type: string;
  readonly id?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly error?: { readonly code: string; readonly message?: string };
  readonly event?: EventFrameEvent;
}

/** Callbacks of one socket; all optional. */
export interface SocketHandlers {
  onWelcome?(data: Readonly<Record<string, unknown>>): void;
  onFrame?(frame: ServerFrame): void;
  onClose?(code: number): void;
}

/** Opens a visitor socket of the run's site (returning visitors pass their token). */
export function openVisitor(
  ctx: WorkerContext,
  config: RunConfig,
  handlers: SocketHandlers,
  token?: string,
): WebSocket {
  const protocols = token ? [SUBPROTOCOL, `sapa.token.${token}`] : [SUBPROTOCOL];
  const ws = ctx.connect(`${config.wsUrl}/ws/visitor?site=${config.siteKey}`, protocols, {
    Origin: config.origin,
  });
  attach(ctx, ws, handlers);
  return ws;
}

/** Opens an agent socket with the agent's token. */
export function openAgent(
  ctx: WorkerContext,
  config: RunConfig,
  token: string,
  handlers: SocketHandlers,
): WebSocket {
  const ws = ctx.connect(`${config.wsUrl}/ws/agent`, [SUBPROTOCOL, `sapa.token.${token}`], {
    Origin: config.origin,
  });
  attach(ctx, ws, handlers);
  return ws;
}

/** A received frame's text (ws hands over a Buffer, an ArrayBuffer or fragments). */
export function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function attach(ctx: WorkerContext, ws: WebSocket, handlers: SocketHandlers): void {
  ws.on('message', (data: WebSocket.RawData) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(rawText(data)) as ServerFrame;
    } catch {
      ctx.warn('non-JSON frame');
      return;
    }
    if (frame.type === 'welcome') handlers.onWelcome?.(frame.data ?? {});
    else handlers.onFrame?.(frame);
  });
  ws.on('close', (code: number) => handlers.onClose?.(code));
}

/** Sends one JSON frame; false when the socket is not open. */
export function sendFrame(ws: WebSocket, frame: unknown): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  ws.send(JSON.stringify(frame));
  return true;
}

/** Splits a scenario text `kind|seq|sentAtMs` (how senders carry their identity and send time). */
export function parseStamp(text: string | undefined): { kind: string; seq: string; at: number } {
  const [kind = '', seq = '', at = ''] = (text ?? '').split('|');
  return { kind, seq, at: Number(at) };
}
