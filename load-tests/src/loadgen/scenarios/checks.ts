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
