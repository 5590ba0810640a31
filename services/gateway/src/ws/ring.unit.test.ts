import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@sapa/contracts';
import { ringFor } from './ring.js';

const event = (type: string, data: unknown): StoredEvent =>
  ({
    id: 'e1',
    stream: 'conversation-c1',
    version: 2,
    siteId: 's1',
    type,
    data,
    metadata: {},
    time: new Date(0).toISOString(),
  }) as StoredEvent;

const routed = (data: Record<string, unknown>) =>
  event('ConversationRouted', { cause: 'started', mode: 'ring-all', verdicts: [], ...data });
const escalated = (level: string, agentIds: string[]) =>
  event('ConversationEscalated', { level, slaSeconds: 60, waitedSeconds: 61, agentIds });

const ayu = { agentId: 'ayu', role: 'agent' as const };
const lead = { agentId: 'lead', role: 'supervisor' as const };

describe('ringFor', () => {
  it('rings the agents a new chat was routed to, and nobody else', () => {
    const ring = routed({ outcome: 'ring', agentIds: ['ayu', 'budi'] });
    expect(ringFor(ring, ayu)).toEqual({ conversationId: 'c1', reason: 'new', assigned: false });
    expect(ringFor(ring, { agentId: 'citra', role: 'agent' })).toBeUndefined();
  });

  it('says when the chat was assigned, and when it came back from an agent who left', () => {
    expect(ringFor(routed({ outcome: 'assign', agentIds: ['ayu'] }), ayu)).toEqual({
      conversationId: 'c1',
      reason: 'new',
      assigned: true,
    });
    const requeued = routed({ cause: 'requeued', outcome: 'ring', agentIds: ['ayu'] });
    expect(ringFor(requeued, ayu)?.reason).toBe('requeued');
  });

  it('does not ring for a queued chat (nobody was eligible)', () => {
    expect(ringFor(routed({ outcome: 'queue', agentIds: [] }), ayu)).toBeUndefined();
  });

  it('re-alerts the eligible agents after the SLA, then every supervisor', () => {
    expect(ringFor(escalated('agents', ['ayu']), ayu)?.reason).toBe('sla');
    expect(ringFor(escalated('agents', ['ayu']), lead)).toBeUndefined();
    expect(ringFor(escalated('supervisors', ['ayu']), lead)?.reason).toBe('supervisor');
    expect(ringFor(escalated('supervisors', ['ayu']), { agentId: 'adm', role: 'admin' })).toEqual({
      conversationId: 'c1',
      reason: 'supervisor',
      assigned: false,
    });
    expect(ringFor(escalated('supervisors', ['ayu']), ayu)?.reason).toBe('sla');
    expect(
      ringFor(escalated('supervisors', []), { agentId: 'dewi', role: 'agent' }),
    ).toBeUndefined();
  });

  it('ignores every other event', () => {
    expect(ringFor(event('MessagePosted', {}), ayu)).toBeUndefined();
  });
});
