import type { ConversationSummary, Escalation, RingReason } from '@sapa/contracts';

/** A `ring` frame the agent got for a conversation, until the chat is answered. */
export interface Ring {
  readonly reason: RingReason;
  readonly assigned: boolean;
  /** Epoch ms the ring arrived. */
  readonly at: number;
}

/** What the inbox row and the conversation header show about a chat that wants an agent. */
export interface Urgency {
  /** `ringing`: rung or assigned; `sla`: past the first-response SLA; `supervisors`: twice past it. */
  readonly level: 'ringing' | 'sla' | 'supervisors';
  readonly label: string;
}

const ESCALATION_OF: Readonly<Record<RingReason, Escalation | null>> = {
  new: null,
  requeued: null,
  sla: 'agents',
  supervisor: 'supervisors',
};

function higher(a: Escalation | null, b: Escalation | null): Escalation | null {
  return a === 'supervisors' || b === 'supervisors' ? 'supervisors' : (a ?? b);
}

/**
 * The badge of a conversation, from the list row's `escalation` (live from
 * `ConversationEscalated`) and the ring frame this agent got, at `now` (so the waiting
 * time counts up). Nothing for a closed chat or one nobody needs to act on.
 */
export function urgencyOf(
  summary: ConversationSummary,
  ring: Ring | undefined,
  now: number,
): Urgency | null {
  if (summary.status === 'closed') return null;
  const escalation = higher(summary.escalation ?? null, ring ? ESCALATION_OF[ring.reason] : null);
  if (escalation) {
    const started = Date.parse(summary.startedAt);
    const waited = Number.isNaN(started) ? 0 : Math.max(0, Math.floor((now - started) / 1000));
    return escalation === 'supervisors'
      ? { level: 'supervisors', label: `SLA breached, supervisors alerted — waiting ${waited} s` }
      : { level: 'sla', label: `SLA breached — waiting ${waited} s` };
  }
  if (!ring) return null;
  if (ring.assigned) return { level: 'ringing', label: 'Assigned to you' };
  return {
    level: 'ringing',
    label: ring.reason === 'requeued' ? 'Back in the queue — ringing' : 'Ringing',
  };
}
