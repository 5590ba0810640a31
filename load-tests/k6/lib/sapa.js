// Shared helpers for the k6 scenarios against a Sapa gateway (k6/websockets: many sockets per VU).
// The bench orchestrator (load-tests/src/bench.ts) writes the run's config file and passes its
// path as SAPA_CONFIG; every knob is an environment variable with a default (see README.md).
import { WebSocket } from 'k6/websockets';

/** The run's target: { wsUrl, origin, siteKey, agents: [{ agentId, token }] }. */
export function loadConfig() {
  const path = __ENV.SAPA_CONFIG;
  if (!path) throw new Error('SAPA_CONFIG (path of the run config JSON) is required');
  return JSON.parse(open(path));
}

/** A numeric environment knob with a default. */
export function num(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${raw}`);
  return value;
}

/** The protocol version every socket asks for (docs/protocol.md). */
export const SUBPROTOCOL = 'sapa.v1';

/**
 * Opens a visitor socket. `handlers.onWelcome(data)`, `handlers.onFrame(frame)`,
 * `handlers.onClose(code)`, `handlers.onError(message)` are optional.
 */
export function openVisitor(config, handlers, token) {
  const protocols = token ? [SUBPROTOCOL, `sapa.token.${token}`] : [SUBPROTOCOL];
  const ws = new WebSocket(`${config.wsUrl}/ws/visitor?site=${config.siteKey}`, protocols, {
    headers: { Origin: config.origin },
  });
  attach(ws, handlers);
  return ws;
}

/** Opens an agent socket with the agent's token. */
export function openAgent(config, token, handlers) {
  const ws = new WebSocket(`${config.wsUrl}/ws/agent`, [SUBPROTOCOL, `sapa.token.${token}`], {
    headers: { Origin: config.origin },
  });
  attach(ws, handlers);
  return ws;
}

function attach(ws, handlers) {
  ws.onmessage = (message) => {
    let frame;
    try {
      frame = JSON.parse(message.data);
    } catch (_) {
      if (handlers.onError) handlers.onError('non-JSON frame');
      return;
    }
    if (frame.type === 'welcome') {
      if (handlers.onWelcome) handlers.onWelcome(frame.data);
      return;
    }
    if (handlers.onFrame) handlers.onFrame(frame);
  };
  ws.onclose = (event) => {
    if (handlers.onClose) handlers.onClose(event ? event.code : 0);
  };
  ws.onerror = (event) => {
    if (handlers.onError) handlers.onError(event && event.error ? String(event.error) : 'error');
  };
}

/** Sends one JSON frame; false when the socket is not open (counted by the caller). */
export function sendFrame(ws, frame) {
  if (ws.readyState !== 1) return false;
  ws.send(JSON.stringify(frame));
  return true;
}
