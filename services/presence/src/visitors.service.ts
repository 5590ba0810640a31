import {
  liveVisitorsSubject,
  type LiveVisitorsChanged,
  type RpcResponse,
  type VisitorGone,
  type VisitorSeen,
  type VisitorsGone,
  type VisitorsSeen,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { VisitorChange, VisitorStore } from './visitors.store.js';

/** Where live-visitor changes go (the bus's core NATS publish). */
export type VisitorsPublish = (subject: string, payload: LiveVisitorsChanged) => void;

/**
 * The live-visitor use cases: store, then announce arrivals, page/identity changes and
 * departures on `liveVisitorsSubject(siteId)` (never plain heartbeats, which would flood
 * every dashboard once per tick per visitor).
 */
export class VisitorRegistry {
  readonly #store: VisitorStore;
  readonly #publish: VisitorsPublish;
  readonly #logger: Logger;

  constructor(options: { store: VisitorStore; publish: VisitorsPublish; logger: Logger }) {
    this.#store = options.store;
    this.#publish = options.publish;
    this.#logger = options.logger.child({ module: 'live-visitors' });
  }

  /** A visitor socket connected, navigated, or beat (`refresh`). */
  async seen(request: VisitorSeen): Promise<RpcResponse<'presence.visitor-seen'>> {
    const result = await this.#store.seen(request, request.refresh === true ? 'touch' : 'set');
    this.#announce(request.siteId, request.visitorId, result);
    if (!result.visitor) throw new Error('visitor-seen stored nothing');
    return { visitor: result.visitor };
  }

  /**
   * Many sockets seen at once (a gateway's tick, or a burst of connects): each entry is stored
   * and announced as `seen` would, and one failing entry does not fail the others.
   */
  async seenMany(request: VisitorsSeen): Promise<RpcResponse<'presence.visitors-seen'>> {
    const failed = await this.#each(request.visitors, (each) => this.seen(each), 'visitors-seen');
    return { stored: request.visitors.length - failed, failed };
  }

  /** Many sockets closed at once; like `gone` for each, one failing entry failing only itself. */
  async goneMany(request: VisitorsGone): Promise<RpcResponse<'presence.visitors-gone'>> {
    const failed = await this.#each(request.visitors, (each) => this.gone(each), 'visitors-gone');
    return { removed: request.visitors.length - failed, failed };
  }

  /** Runs `handle` for every entry at once; logs and counts the failures. */
  async #each<T>(entries: readonly T[], handle: (entry: T) => Promise<unknown>, what: string) {
    const results = await Promise.allSettled(entries.map(handle));
    const failures = results.filter((result) => result.status === 'rejected');
    if (failures.length > 0) {
      this.#logger.warn(
        { failed: failures.length, of: results.length, err: failures[0]?.reason },
        `${what}: entries not applied`,
      );
    }
    return failures.length;
  }

  /** A visitor socket closed. */
  async gone(request: VisitorGone): Promise<RpcResponse<'presence.visitor-gone'>> {
    const result = await this.#store.gone(request);
    this.#announce(request.siteId, request.visitorId, result);
    return { visitor: result.visitor ?? null };
  }

  /** The site's visitors right now, oldest visit first. */
  async live(siteId: string): Promise<RpcResponse<'presence.live-visitors'>> {
    const snapshot = await this.#store.readSite(siteId);
    this.#announceLapsed(siteId, snapshot.lapsed);
    return { visitors: [...snapshot.visitors] };
  }

  /** Prunes and announces the site's lapsed visitors; returns how many. */
  async sweepSite(siteId: string): Promise<number> {
    const snapshot = await this.#store.readSite(siteId);
    return this.#announceLapsed(siteId, snapshot.lapsed);
  }

  #announce(siteId: string, visitorId: string, result: VisitorChange): void {
    if (result.change === 'none') return;
    const payload: LiveVisitorsChanged =
      result.visitor === undefined
        ? { siteId, visitorId, change: result.change }
        : { siteId, visitorId, change: result.change, visitor: result.visitor };
    this.#publish(liveVisitorsSubject(siteId), payload);
  }

  #announceLapsed(siteId: string, lapsed: readonly string[]): number {
    for (const visitorId of lapsed) {
      this.#logger.debug({ siteId, visitorId }, 'visitor lapsed');
      this.#publish(liveVisitorsSubject(siteId), { siteId, visitorId, change: 'left' });
    }
    return lapsed.length;
  }
}
