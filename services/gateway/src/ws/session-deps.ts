import type { Bus } from '@sapa/bus';
import type { StoredEvent } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { FanoutHub } from '../fanout-hub.js';
import type { FrameLimits } from './frame-pipeline.js';
import type { LiveVisitorBatcher } from './live-visitor-batcher.js';
import type { SiteVisitors } from './site-visitors.js';

/** What every session needs from the gateway; built once in main.ts. */
export interface SessionDeps {
  readonly bus: Bus;
  readonly hub: FanoutHub;
  readonly limits: FrameLimits;
  readonly logger: Logger;
  readonly rpcTimeoutMs: number;
  /** Every visitor socket by site, for the site-wide pushes. */
  readonly visitors: SiteVisitors;
  /** Batches the live-visitor registrations and renewals of every visitor socket. */
  readonly liveVisitors: LiveVisitorBatcher;
}

const PAGE = 500;

/** Reads a conversation's stored events after a version, page by page, for one site. */
export async function readConversationAfter(
  deps: SessionDeps,
  siteId: string,
  conversationId: string,
  afterVersion: number,
): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let after = afterVersion;
  for (;;) {
    const { events } = await deps.bus.request(
      'chat.read-conversation',
      { siteId, conversationId, afterVersion: after, limit: PAGE },
      { timeoutMs: deps.rpcTimeoutMs },
    );
    all.push(...(events as StoredEvent[]));
    const last = events.at(-1);
    if (events.length < PAGE || last === undefined) return all;
    after = last.version;
  }
}
