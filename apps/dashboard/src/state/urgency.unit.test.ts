import { describe, expect, it } from '@jest/globals';
import type { ConversationSummary } from '@sapa/contracts';
import { urgencyOf } from './urgency.js';

const STARTED = Date.parse('2026-11-23T00:00:00.000Z');
const row: ConversationSummary = {
  conversationId: 'c1',
  siteId: 's1',
  visitorId: 'v1',
  visitorName: 'Rina',
  visitorEmail: null,
  status: 'open',
  assigneeId: null,
  assigneeName: null,
  participantIds: [],
  messageCount: 1,
  lastMessageText: 'halo',
  lastMessageAt: '2026-11-23T00:00:01.000Z',
  startedAt: '2026-11-23T00:00:00.000Z',
  closedAt: null,
  version: 2,
};

describe('urgency badge', () => {
  it('nothing for a quiet chat', () => {
    expect(urgencyOf(row, undefined, STARTED + 5_000)).toBeNull();
  });

  it('a ring says ringing, assigned or back in the queue', () => {
    const at = STARTED;
    expect(urgencyOf(row, { reason: 'new', assigned: false, at }, at)?.label).toBe('Ringing');
    expect(urgencyOf(row, { reason: 'new', assigned: true, at }, at)?.label).toBe(
      'Assigned to you',
    );
    expect(urgencyOf(row, { reason: 'requeued', assigned: false, at }, at)?.label).toBe(
      'Back in the queue — ringing',
    );
  });

  it('an SLA ring or an escalated row says how long the visitor has waited, counting up', () => {
    const ring = { reason: 'sla' as const, assigned: false, at: STARTED + 60_000 };
    expect(urgencyOf(row, ring, STARTED + 61_500)).toEqual({
      level: 'sla',
      label: 'SLA breached — waiting 61 s',
    });
    expect(urgencyOf({ ...row, escalation: 'agents' }, undefined, STARTED + 75_000)?.label).toBe(
      'SLA breached — waiting 75 s',
    );
  });

  it('the supervisors level wins over an agents-level ring', () => {
    const ring = { reason: 'sla' as const, assigned: false, at: STARTED };
    expect(urgencyOf({ ...row, escalation: 'supervisors' }, ring, STARTED + 120_000)).toEqual({
      level: 'supervisors',
      label: 'SLA breached, supervisors alerted — waiting 120 s',
    });
  });

  it('a closed chat has no badge', () => {
    expect(
      urgencyOf({ ...row, status: 'closed', escalation: 'supervisors' }, undefined, STARTED),
    ).toBeNull();
  });
});
