import { describe, expect, it } from '@jest/globals';
import type { ConversationEvent } from '@sapa/contracts';
import { PREVIEW_LENGTH, summarizeConversation } from './conversation-summary.js';

const at = (minute: number) => `2026-11-22T08:${String(minute).padStart(2, '0')}:00.000Z`;
const fold = (events: ConversationEvent[]) =>
  events.reduce<ReturnType<typeof summarizeConversation>>(
    (summary, event, index) =>
      summarizeConversation(summary, { ...event, version: index + 1, time: at(index) }),
    null,
  );

describe('conversation list row', () => {
  it('follows a conversation from start to close', () => {
    const row = fold([
      {
        type: 'ConversationStarted',
        data: {
          conversationId: 'c1',
          siteId: 's1',
          visitorId: 'v1',
          preChat: { name: 'Siti', email: 'siti@example.org' },
        },
      },
      {
        type: 'MessagePosted',
        data: {
          messageId: 'm1',
          clientMessageId: 'x1',
          author: { kind: 'visitor', id: 'v1' },
          text: 'Halo',
        },
      },
      { type: 'ChatClaimed', data: { agentId: 'a1', agentName: 'Ani' } },
      { type: 'AgentJoined', data: { agentId: 'a2', agentName: 'Budi' } },
      { type: 'AgentJoined', data: { agentId: 'a2', agentName: 'Budi' } },
      { type: 'ConversationClosed', data: { closedBy: { kind: 'agent', id: 'a1', name: 'Ani' } } },
    ]);
    expect(row).toEqual({
      conversationId: 'c1',
      siteId: 's1',
      visitorId: 'v1',
      visitorName: 'Siti',
      visitorEmail: 'siti@example.org',
      status: 'closed',
      assigneeId: 'a1',
      assigneeName: 'Ani',
      participantIds: ['a1', 'a2'],
      messageCount: 1,
      lastMessageText: 'Halo',
      lastMessageAt: at(1),
      startedAt: at(0),
      closedAt: at(5),
      version: 6,
      rating: null,
      ratingComment: null,
      currentUrl: null,
      currentTitle: null,
      visitorVerified: false,
      startedById: null,
      department: null,
      minimized: false,
      whisperCount: 0,
      transcriptEmail: null,
      escalation: null,
    });
  });

  it('shows an SLA escalation until an agent answers; a requeue clears the assignee', () => {
    const started = {
      type: 'ConversationStarted' as const,
      data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1' },
    };
    const escalated = (level: 'agents' | 'supervisors') => ({
      type: 'ConversationEscalated' as const,
      data: { level, slaSeconds: 60, waitedSeconds: 61, agentIds: ['a1'] },
    });
    const waiting = fold([started, escalated('agents'), escalated('supervisors')]);
    expect(waiting?.escalation).toBe('supervisors');

    const answered = fold([
      started,
      escalated('agents'),
      { type: 'ChatClaimed', data: { agentId: 'a1', agentName: 'Ani' } },
      {
        type: 'MessagePosted',
        data: {
          messageId: 'm1',
          clientMessageId: 'a-1',
          author: { kind: 'agent', id: 'a1', name: 'Ani' },
          text: 'Halo',
        },
      },
    ]);
    expect(answered).toMatchObject({ escalation: null, assigneeId: 'a1' });

    const requeued = fold([
      started,
      { type: 'ChatClaimed', data: { agentId: 'a1', agentName: 'Ani' } },
      {
        type: 'ConversationRouted',
        data: {
          cause: 'requeued',
          mode: 'ring-all',
          outcome: 'ring',
          agentIds: ['a2'],
          previousAgentId: 'a1',
          verdicts: [],
        },
      },
    ]);
    expect(requeued).toMatchObject({ assigneeId: null, assigneeName: null });
  });

  it('keeps only a preview of long messages', () => {
    const row = fold([
      {
        type: 'ConversationStarted',
        data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1' },
      },
      {
        type: 'MessagePosted',
        data: {
          messageId: 'm1',
          clientMessageId: 'x1',
          author: { kind: 'visitor', id: 'v1' },
          text: 'a'.repeat(5000),
        },
      },
    ]);
    expect(row?.lastMessageText).toHaveLength(PREVIEW_LENGTH);
  });
});
