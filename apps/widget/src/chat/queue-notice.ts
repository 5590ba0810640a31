import { format, type Catalog } from '../i18n/catalog.js';

/**
 * A waiting visitor's place in line, from the gateway's `queue` frame (`QueueFrame` in
 * libs/contracts/src/protocol.ts; the unit test checks the two shapes agree).
 */
export interface QueueState {
  readonly conversationId: string;
  /** 1 = next in line. */
  readonly position: number;
  /** Agents who could take the chat now; 0 = nobody (then no time is promised). */
  readonly eligibleAgents: number;
  /** The site's first-response target. */
  readonly slaSeconds: number;
}

const count = (value: unknown, min: number): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= min ? value : undefined;

/** The frame's data if it is well formed, else undefined (a bad frame changes nothing). */
export function parseQueue(data: unknown): QueueState | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const raw = data as Record<string, unknown>;
  const position = count(raw.position, 1);
  const eligibleAgents = count(raw.eligibleAgents, 0);
  const slaSeconds = count(raw.slaSeconds, 0);
  if (
    typeof raw.conversationId !== 'string' ||
    position === undefined ||
    eligibleAgents === undefined ||
    slaSeconds === undefined
  )
    return undefined;
  return { conversationId: raw.conversationId, position, eligibleAgents, slaSeconds };
}

/** "45 seconds", "1 minute", "2 minutes" (90 s rounds up: "within" must stay true). */
export function formatDuration(t: Catalog, seconds: number): string {
  if (seconds < 60) return seconds === 1 ? t.oneSecond : format(t.seconds, { n: String(seconds) });
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t.oneMinute : format(t.minutes, { n: String(minutes) });
}

/**
 * The wait notice for a place in line. Honest: a time is only mentioned when an agent could
 * take the chat and the visitor is next; with nobody free it says so and offers e-mail.
 */
export function queueNotice(t: Catalog, queue: QueueState): string {
  const n = String(queue.position);
  if (queue.eligibleAgents === 0) return format(t.queueBusy, { n });
  if (queue.position > 1) return format(t.queueInLine, { n });
  return queue.slaSeconds > 0
    ? format(t.queueNext, { sla: formatDuration(t, queue.slaSeconds) })
    : t.waitingForAgent;
}
