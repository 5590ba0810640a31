import type { LooseClientEvent as ClientEvent, ConversationSummary } from '@sapa/contracts';
import { summarizeConversation, type ConversationEventAt } from '@sapa/domain';

/** The events of one conversation the dashboard holds, in version order, each once. */
export interface Timeline {
  readonly events: readonly ClientEvent[];
  /** Highest version held; resume asks for what came after it. */
  readonly version: number;
}

export const EMPTY_TIMELINE: Timeline = { events: [], version: 0 };

/**
 * Adds an event to a timeline. A version already held is ignored (a resume after a
 * reconnect may overlap what arrived live), anything else is inserted in order.
 */
export function addEvent(timeline: Timeline, event: ClientEvent): Timeline {
  if (timeline.events.some((held) => held.version === event.version)) return timeline;
  const events = [...timeline.events, event].sort((a, b) => a.version - b.version);
  return { events, version: Math.max(timeline.version, event.version) };
}

/**
 * Keeps a list row current from a live event, so the inbox moves without re-listing: the
 * same fold as chat's conversation list (`summarizeConversation` in @sapa/domain), so a row
 * kept live here equals the row the server lists. A conversation first seen through its
 * `ConversationStarted` gets a row; a middle event of an unknown one gets none (the list
 * re-read on every (re)connection brings it, and corrects any drift).
 */
export function summarize(
  held: ConversationSummary | undefined,
  event: ClientEvent,
): ConversationSummary | undefined {
  return (
    summarizeConversation(held === undefined ? null : asRow(held), asEvent(event)) ?? undefined
  );
}

type Row = NonNullable<Parameters<typeof summarizeConversation>[0]>;
// The fold never mutates a row, so the dashboard's readonly row serves as its input.
const asRow = (held: ConversationSummary): Row => held;
// The gateway sends stored events only, which chat's deciders made from validated commands:
// the fold reads them as the event schema says they are.
const asEvent = (event: ClientEvent): ConversationEventAt =>
  event as unknown as ConversationEventAt;

/** The inbox folders of the dashboard. */
export type Folder = 'waiting' | 'mine' | 'open' | 'closed';

/** Which folders a conversation belongs to, for the agent `me`. */
export function foldersOf(summary: ConversationSummary, me: string): Folder[] {
  if (summary.status === 'closed') return ['closed'];
  const folders: Folder[] = ['open'];
  if (summary.assigneeId === null) folders.push('waiting');
  if (summary.assigneeId === me || summary.participantIds.includes(me)) folders.push('mine');
  return folders;
}

/** Newest activity first. */
export function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  const at = (summary: ConversationSummary) => summary.lastMessageAt ?? summary.startedAt;
  return at(b).localeCompare(at(a));
}
