import type { ConversationEvent, RecordEscalation, RecordRouting } from '@sapa/contracts';
import type { ConversationState } from './conversation.state.js';

/** Presence's routing decisions and SLA escalations, as commands on the conversation. */
export type RoutingCommand =
  | { readonly type: 'RecordRouting'; readonly data: Omit<RecordRouting, 'siteId'> }
  | { readonly type: 'RecordEscalation'; readonly data: Omit<RecordEscalation, 'siteId'> };

/**
 * Decides whether presence's decision still fits the conversation, and records it. Pure.
 * Presence decides from Redis, which can lag the stream (an agent may claim the chat while
 * it is being routed), so a decision that no longer fits is dropped (no events), never an
 * error: presence learns from `applied: false` and from the events it consumes.
 */
export function decideRouting(
  command: RoutingCommand,
  state: ConversationState,
): ConversationEvent[] {
  if (state.status !== 'open') return [];
  if (command.type === 'RecordEscalation') {
    const { level, slaSeconds, waitedSeconds, agentIds } = command.data;
    if (state.answered || state.escalations.includes(level)) return [];
    return [
      { type: 'ConversationEscalated', data: { level, slaSeconds, waitedSeconds, agentIds } },
    ];
  }
  const { assignedTo, ...routed } = command.data;
  switch (routed.cause) {
    case 'started':
      // Redelivery of ConversationStarted routes again: the first record stands.
      if (state.routedAtStart || state.assignee !== null) return [];
      break;
    case 'retried':
      // Retried on every sweep while parked: a retry that still finds nobody is no news.
      if (state.assignee !== null || routed.outcome === 'queue') return [];
      break;
    case 'requeued':
      if (state.assignee === null || state.assignee.id !== routed.previousAgentId) return [];
      break;
    default: {
      const unknown: never = routed.cause;
      throw new Error(`unknown routing cause ${String(unknown)}`);
    }
  }
  const events: ConversationEvent[] = [{ type: 'ConversationRouted', data: routedData(routed) }];
  if (routed.outcome === 'assign' && assignedTo) {
    events.push({
      type: 'ChatClaimed',
      data: { agentId: assignedTo.id, agentName: assignedTo.name },
    });
  }
  return events;
}

/** The event's data: the decision without the conversation id (the stream says it) or empty fields. */
function routedData(
  routed: Omit<Extract<RoutingCommand, { type: 'RecordRouting' }>['data'], 'assignedTo'>,
): Extract<ConversationEvent, { type: 'ConversationRouted' }>['data'] {
  const { cause, mode, outcome, agentIds, verdicts, previousAgentId, department } = routed;
  return {
    cause,
    mode,
    outcome,
    agentIds,
    ...(previousAgentId === undefined ? {} : { previousAgentId }),
    ...(department === undefined ? {} : { department }),
    verdicts,
  };
}
