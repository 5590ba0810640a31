import WebSocket from 'ws';
import { Metrics } from './metrics.js';
import type { LoadSpec } from './plan.js';
import { TimerGroup } from './timers.js';

/** Messages from a worker thread to the generator's main thread. */
export type WorkerMessage =
  | { readonly type: 'arrive'; readonly name: string }
  | {
      readonly type: 'done';
      readonly snapshot: ReturnType<Metrics['snapshot']>;
      readonly warnings: readonly string[];
    };

/** Messages from the main thread to a worker. */
export type MainMessage =
  { readonly type: 'release'; readonly name: string } | { readonly type: 'stop' };

/** How a context talks to the main thread (a worker's parentPort, or a stub in a unit test). */
export interface Channel {
  post(message: WorkerMessage): void;
  onMessage(listener: (message: MainMessage) => void): void;
}

const MAX_WARNINGS = 20;

/**
 * What a scenario part running in one worker thread gets: its share (`worker` of `workers`), the
 * metrics, timers it can clear at once, sockets that are all closed at the end, a clock shared by
 * every thread, named barriers across the workers, and the main thread's stop request.
 */
export class WorkerContext {
  readonly metrics = new Metrics();
  private readonly sockets = new Set<WebSocket>();
  private readonly warnings: string[] = [];
  private readonly arrived = new Set<string>();
  private readonly releases = new Map<string, Array<() => void>>();
  private readonly releasedNames = new Set<string>();
  private readonly stopListeners: Array<() => void> = [];
  private nextAddress = 0;
  private stopped = false;

  constructor(
    readonly spec: LoadSpec,
    readonly worker: number,
    readonly workers: number,
    private readonly channel: Channel,
  ) {
    channel.onMessage((message) => {
      if (message.type === 'stop') this.stop();
      else this.release(message.name);
    });
  }

  /** Milliseconds since the epoch with sub-millisecond resolution, comparable across threads. */
  now(): number {
    return performance.timeOrigin + performance.now();
  }

  timers(): TimerGroup {
    return new TimerGroup();
  }

  /** A warning kept for the report (the first 20; the rest are only counted). */
  warn(text: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(`[worker ${this.worker}] ${text}`);
    this.metrics.add('sapa_generator_warnings');
  }

  /**
   * Opens a client WebSocket (no per-message deflate, as a browser widget here gets none), from
   * the next source address when the run uses several. Every socket is closed at the end.
   */
  connect(
    url: string,
    protocols: readonly string[],
    headers: Record<string, string> = {},
  ): WebSocket {
    const addresses = this.spec.localAddresses ?? [];
    const localAddress =
      addresses.length > 0 ? addresses[this.nextAddress++ % addresses.length] : undefined;
    const ws = new WebSocket(url, [...protocols], {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 15_000,
      ...(localAddress ? { localAddress } : {}),
    });
    this.sockets.add(ws);
    ws.once('close', () => this.sockets.delete(ws));
    // Without a listener an 'error' event would throw; the 'close' that follows is what counts.
    ws.on('error', () => undefined);
    return ws;
  }

  /** Tells the main thread this worker reached barrier `name` (once per name). */
  arrive(name: string): void {
    if (this.arrived.has(name)) return;
    this.arrived.add(name);
    this.channel.post({ type: 'arrive', name });
  }

  /** Resolves true once every worker arrived at `name`, false after `timeoutMs` or on stop. */
  released(name: string, timeoutMs: number): Promise<boolean> {
    if (this.releasedNames.has(name)) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = this.releases.get(name) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.releases.set(name, list);
      this.onStop(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  }

  /** `fn` runs when the main thread asks every worker to stop early (its safety deadline). */
  onStop(fn: () => void): void {
    if (this.stopped) fn();
    else this.stopListeners.push(fn);
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /** Closes every socket still open (a close frame first, then cut after `graceMs`). */
  async closeAll(graceMs: number): Promise<void> {
    const open = [...this.sockets];
    if (open.length === 0) return;
    for (const ws of open) ws.close();
    const deadline = Date.now() + graceMs;
    while (this.sockets.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    for (const ws of this.sockets) ws.terminate();
  }

  /** Sends the metrics and warnings to the main thread. */
  report(): void {
    this.channel.post({ type: 'done', snapshot: this.metrics.snapshot(), warnings: this.warnings });
  }

  private release(name: string): void {
    this.releasedNames.add(name);
    for (const resolve of this.releases.get(name) ?? []) resolve();
    this.releases.delete(name);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const fn of this.stopListeners.splice(0)) fn();
  }
}
