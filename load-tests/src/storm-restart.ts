import type { GatewayProcess } from './gateway-process.js';
import { sampleProcess } from './process-sampler.js';

/** What a reconnect storm measured. */
export interface StormOutcome {
  /** False when the sockets were never all connected (no restart was done). */
  readonly restarted: boolean;
  /** SIGTERM (drain) to the new gateway answering /ready, seconds. */
  readonly restartS: number;
  /** New gateway ready to every socket back, seconds (-1: not within the deadline). */
  readonly reconnectS: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function heldBy(gateway: GatewayProcess, baseFds: number): Promise<number> {
  const pid = gateway.pid;
  const sample = pid === undefined ? undefined : await sampleProcess(pid, 0);
  return sample ? sample.fds - baseFds : 0;
}

/**
 * The reconnect storm: waits until the gateway holds `sockets` client sockets (its open file
 * descriptors above `baseFds`, the count before any client came), restarts it, and times how
 * long the clients take to be back. Bounded by `connectDeadlineMs` and `reconnectDeadlineMs`.
 */
export async function restartWhenHeld(
  gateway: GatewayProcess,
  options: {
    sockets: number;
    baseFds: number;
    connectDeadlineMs: number;
    reconnectDeadlineMs: number;
  },
): Promise<StormOutcome> {
  const wanted = Math.floor(options.sockets * 0.999);
  const connectDeadline = Date.now() + options.connectDeadlineMs;
  while ((await heldBy(gateway, options.baseFds)) < wanted) {
    if (Date.now() > connectDeadline) return { restarted: false, restartS: 0, reconnectS: -1 };
    await delay(250);
  }
  const began = Date.now();
  await gateway.restart();
  const ready = Date.now();
  const reconnectDeadline = ready + options.reconnectDeadlineMs;
  let reconnectS = -1;
  while (Date.now() < reconnectDeadline) {
    if ((await heldBy(gateway, options.baseFds)) >= wanted) {
      reconnectS = (Date.now() - ready) / 1000;
      break;
    }
    await delay(100);
  }
  return { restarted: true, restartS: (ready - began) / 1000, reconnectS };
}
