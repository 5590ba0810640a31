import type WebSocket from 'ws';
import type { Metrics } from '../metrics.js';
import type { EventFrameEvent } from '../sapa-socket.js';

/** Which agent answers a conversation: a stable hash of its id over `agents` agents. */
export function ownerOf(conversationId: string, agents: number): number {
  let hash = 0;
  for (let i = 0; i < conversationId.length; i++)
    hash = (hash * 31 + conversationId.charCodeAt(i)) >>> 0;
  return agents > 0 ? hash % agents : 0;
}

/**
 * Per socket and conversation: each stored version once, in order. Returns false for a version
 * seen before (counted in `sapa_duplicated`). With `gaps`, a skipped version counts in
 * `sapa_gaps`: only on agent sockets, which get every event; a visitor's socket never gets the
 * events meant for agents (`isVisibleToVisitor`: routing verdicts, whispers ...), so its versions
 * skip by design, and its losses are counted per message instead.
 */
export function versionCheck(
  metrics: Metrics,
  options: { readonly gaps: boolean },
): (event: EventFrameEvent) => boolean {
  const last = new Map<string, number>();
  return (event) => {
    const previous = last.get(event.conversationId) ?? 0;
    if (event.version <= previous) {
      metrics.add('sapa_duplicated');
      return false;
    }
    if (options.gaps && previous !== 0 && event.version !== previous + 1)
      metrics.add('sapa_gaps', event.version - previous - 1);
    last.set(event.conversationId, event.version);
    return true;
  };
}

/** A fan-out subscriber: its socket, the stamps it got, and whether it got them all. */
export interface FanoutSubscriber {
  readonly ws: WebSocket | undefined;
  readonly seen: Set<string>;
  done: boolean;
}

/**
 * Counts one fan-out delivery of stamp `seq` (sent at `at`) to `subscriber`: a stamp seen before
 * counts in `sapa_duplicated`, a new one in `sapa_msgs_delivered` and `sapa_fanout_ms`. Once it
 * has all `total`, it leaves now rather than at the deadline (done, socket closed) and this
 * returns true, so the caller can finish the part when every subscriber has.
 */
export function recordFanoutDelivery(
  metrics: Metrics,
  subscriber: FanoutSubscriber,
  delivery: { readonly seq: string; readonly at: number; readonly now: number },
  total: number,
): boolean {
  if (subscriber.seen.has(delivery.seq)) {
    metrics.add('sapa_duplicated');
    return false;
  }
  subscriber.seen.add(delivery.seq);
  metrics.add('sapa_msgs_delivered');
  metrics.time('sapa_fanout_ms', delivery.now - delivery.at);
  if (subscriber.seen.size !== total) return false;
  subscriber.done = true;
  subscriber.ws?.close();
  return true;
}
