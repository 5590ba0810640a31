import {
  AvailabilityChanged,
  SiteSettingsChanged,
  availabilitySubject,
  siteSettingsSubject,
  siteVisitorEventsSubject,
  streamIdOf,
} from '@sapa/contracts';
import type { FanoutHub, LiveEvent } from '../fanout-hub.js';

/**
 * What a visitor socket hears from its site whether or not it chats: the site's availability
 * and widget settings, and the events of its own visitor stream (a chat opened for it).
 */
export interface SiteVisitor {
  /** Events of this visitor's stream (`visitor-<id>`) reach this visitor's sockets only. */
  readonly visitorId: string;
  onAvailability(change: AvailabilityChanged): void;
  onSettings(change: SiteSettingsChanged): void;
  onVisitorEvent(live: LiveEvent): void;
}

/**
 * The gateway's visitor sockets by site. Idle page views are most of what a gateway holds,
 * so a visitor socket costs one map entry here, with no listener closures or subscriptions
 * of its own: each site's three subjects are subscribed once, with its first visitor, and
 * dropped with its last (docs/performance.md, "Third pass").
 */
export class SiteVisitors {
  private readonly rooms = new Map<string, SiteRoom>();

  constructor(private readonly hub: FanoutHub) {}

  join(siteId: string, visitor: SiteVisitor): void {
    let room = this.rooms.get(siteId);
    if (!room) {
      room = new SiteRoom(this.hub, siteId);
      this.rooms.set(siteId, room);
    }
    room.add(visitor);
  }

  leave(siteId: string, visitor: SiteVisitor): void {
    const room = this.rooms.get(siteId);
    if (!room) return;
    room.remove(visitor);
    if (room.isEmpty) {
      room.stop();
      this.rooms.delete(siteId);
    }
  }

  /**
   * Whether the site is online, for a socket's welcome: what presence last announced or
   * answered, if younger than `maxAgeMs`, else `ask()` (one request at a time per site, shared
   * by every socket that connects meanwhile). A failed `ask` is not remembered.
   */
  siteOnline(siteId: string, ask: () => Promise<boolean>, maxAgeMs: number): Promise<boolean> {
    const room = this.rooms.get(siteId);
    return room ? room.online(ask, maxAgeMs) : ask();
  }

  /** Sites with at least one visitor socket on this gateway. */
  get siteCount(): number {
    return this.rooms.size;
  }
}

/** One site's visitor sockets, by visitor id (one entry per visitor, an array per tab). */
class SiteRoom {
  /** Keyed by the id the socket already holds, so an entry adds no string of its own. */
  private readonly byVisitor = new Map<string, SiteVisitor | SiteVisitor[]>();
  private readonly stops: ReadonlyArray<() => void>;
  /** The site's availability as last announced or answered, and when. */
  private known: { online: boolean; at: number } | undefined;
  private asking: Promise<boolean> | undefined;

  constructor(hub: FanoutHub, siteId: string) {
    this.stops = [
      hub.listenParsed(availabilitySubject(siteId), AvailabilityChanged, (change) => {
        this.known = { online: change.online, at: Date.now() };
        for (const visitor of this.everyone()) visitor.onAvailability(change);
      }),
      hub.listenParsed(siteSettingsSubject(siteId), SiteSettingsChanged, (change) => {
        if (change.siteId !== siteId) return;
        for (const visitor of this.everyone()) visitor.onSettings(change);
      }),
      hub.listenEvents(siteVisitorEventsSubject(siteId), (live) => {
        const { stream } = live.event;
        const visitorId = streamIdOf('visitor', stream);
        if (live.event.siteId !== siteId || visitorId === undefined) return;
        const entry = this.byVisitor.get(visitorId);
        if (entry === undefined) return;
        for (const visitor of Array.isArray(entry) ? [...entry] : [entry]) {
          visitor.onVisitorEvent(live);
        }
      }),
    ];
  }

  online(ask: () => Promise<boolean>, maxAgeMs: number): Promise<boolean> {
    const { known } = this;
    if (known && Date.now() - known.at < maxAgeMs) return Promise.resolve(known.online);
    this.asking ??= ask()
      .then((online) => {
        // An announcement that arrived while asking is at least as new: keep it.
        if (!this.known || this.known.at <= (known?.at ?? 0)) {
          this.known = { online, at: Date.now() };
        }
        return online;
      })
      .finally(() => {
        this.asking = undefined;
      });
    return this.asking;
  }

  get isEmpty(): boolean {
    return this.byVisitor.size === 0;
  }

  add(visitor: SiteVisitor): void {
    const entry = this.byVisitor.get(visitor.visitorId);
    if (entry === undefined) this.byVisitor.set(visitor.visitorId, visitor);
    else if (Array.isArray(entry)) entry.push(visitor);
    else this.byVisitor.set(visitor.visitorId, [entry, visitor]);
  }

  remove(visitor: SiteVisitor): void {
    const { visitorId } = visitor;
    const entry = this.byVisitor.get(visitorId);
    if (entry === visitor) {
      this.byVisitor.delete(visitorId);
    } else if (Array.isArray(entry)) {
      // An array holds two tabs or more; one left over goes back to a plain entry.
      const rest = entry.filter((each) => each !== visitor);
      this.byVisitor.set(visitorId, rest.length === 1 && rest[0] ? rest[0] : rest);
    }
  }

  stop(): void {
    for (const stop of this.stops) stop();
  }

  /** Every visitor socket of the site; a copy, as a listener may close its socket meanwhile. */
  private everyone(): SiteVisitor[] {
    const all: SiteVisitor[] = [];
    for (const entry of this.byVisitor.values()) {
      if (Array.isArray(entry)) all.push(...entry);
      else all.push(entry);
    }
    return all;
  }
}
