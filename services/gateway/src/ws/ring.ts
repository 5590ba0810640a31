import { parseStream, type AgentRole, type RingFrame, type StoredEvent } from '@sapa/contracts';

/** The agent a socket belongs to, as far as ringing is concerned. */
export interface RingTarget {
  readonly agentId: string;
  readonly role: AgentRole;
}

/**
 * Whether a live conversation event should ring this agent, and why. Routing and
 * SLA decisions are stored as events that every agent socket of the site receives anyway;
 * this turns the ones naming the agent (or, for the supervisor level, any supervisor or
 * admin) into an explicit `ring` frame, so a client need not interpret routing events. Pure.
 */
export function ringFor(event: StoredEvent, target: RingTarget): RingFrame['data'] | undefined {
  const conversationId = parseStream(event.stream).id;
  if (event.type === 'ConversationRouted') {
    const data = event.data as { cause: string; outcome: string; agentIds: readonly string[] };
    if (data.outcome === 'queue' || !data.agentIds.includes(target.agentId)) return undefined;
    return {
      conversationId,
      reason: data.cause === 'requeued' ? 'requeued' : 'new',
      assigned: data.outcome === 'assign',
    };
  }
  if (event.type === 'ConversationEscalated') {
    const data = event.data as { level: string; agentIds: readonly string[] };
    if (data.level === 'supervisors' && target.role !== 'agent') {
      return { conversationId, reason: 'supervisor', assigned: false };
    }
    if (!data.agentIds.includes(target.agentId)) return undefined;
    return { conversationId, reason: 'sla', assigned: false };
  }
  return undefined;
}
