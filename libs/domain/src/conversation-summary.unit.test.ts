import { describe, expect, it } from '@jest/globals';
import type { ConversationEvent, ConversationSummary } from '@sapa/contracts';
import { PREVIEW_LENGTH, summarizeConversation } from './conversation-summary.js';

const at = (minute: number) => `2026-11-22T08:${String(minute).padStart(2, '0')}:00.000Z`;

/** Folds events numbered 1, 2, 3 ... (a minute apart) from no row. */
const fold = (events: readonly ConversationEvent[], from: ConversationSummary | null = null) =>
  events.reduce<ConversationSummary | null>((row, event, index) => {
    const version = (from?.version ?? 0) + index + 1;
    return summarizeConversation(row, { ...event, version, time: at(version - 1) });
  }, from);

/** given(events).when(event).then(row fields): the row after the given events and one more. */
const given = (...events: ConversationEvent[]) => ({
  when: (...more: ConversationEvent[]) => ({
    then: (expected: Partial<ConversationSummary>) =>
      expect(fold(more, fold(events))).toMatchObject(expected),
    thenRow: () => fold(more, fold(events)),
  }),
});

const started = (
  data: Partial<Extract<ConversationEvent, { type: 'ConversationStarted' }>['data']> = {},
): ConversationEvent => ({
  type: 'ConversationStarted',
  data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1', ...data },
});
const visitorSays = (text: string, name?: string): ConversationEvent => ({
  type: 'MessagePosted',
  data: {
    messageId: `m-${text.length}`,
    clientMessageId: `x-${text.length}`,
    author: { kind: 'visitor', id: 'v1', ...(name === undefined ? {} : { name }) },
    text,
  },
});
const agentSays = (agentId: string, text: string): ConversationEvent => ({
  type: 'MessagePosted',
  data: {
    messageId: `m-${agentId}`,
    clientMessageId: `a-${agentId}`,
    author: { kind: 'agent', id: agentId, name: agentId.toUpperCase() },
    text,
  },
});
const claimed = (agentId: string, agentName: string): ConversationEvent => ({
  type: 'ChatClaimed',
  data: { agentId, agentName },
});
const escalated = (level: 'agents' | 'supervisors'): ConversationEvent => ({
  type: 'ConversationEscalated',
  data: { level, slaSeconds: 60, waitedSeconds: 61, agentIds: ['a1'] },
});
const requeued: ConversationEvent = {
  type: 'ConversationRouted',
  data: {
    cause: 'requeued',
    mode: 'ring-all',
    outcome: 'ring',
    agentIds: ['a2'],
    previousAgentId: 'a1',
    verdicts: [],
  },
};
const identified = (verified: boolean, name?: string, email?: string): ConversationEvent => ({
  type: 'VisitorIdentified',
  data: {
    verified,
    ...(name === undefined ? {} : { name }),
    ...(email === undefined ? {} : { email }),
  },
});

describe('conversation list row', () => {
  it('follows a conversation from start to close', () => {
    const row = fold([
      started({ preChat: { name: 'Siti', email: 'siti@example.org' } }),
      visitorSays('Halo'),
      claimed('a1', 'Ani'),
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

  it('starts from the page, the pre-chat form, the proactive agent and the department', () => {
    given()
      .when(
        started({
          page: { url: 'https://school.example/ppdb', title: 'PPDB' },
          preChat: { name: 'Siti' },
          startedBy: { kind: 'agent', id: 'a1', name: 'Ani' },
          department: 'admissions',
        }),
      )
      .then({
        visitorName: 'Siti',
        visitorEmail: null,
        currentUrl: 'https://school.example/ppdb',
        currentTitle: 'PPDB',
        startedById: 'a1',
        department: 'admissions',
        status: 'open',
        version: 1,
      });
  });

  it('gives no row for an event before the start (impossible in a valid stream)', () => {
    expect(fold([visitorSays('hi')])).toBeNull();
  });

  it('ignores an event the row already reflects (a redelivery, a resume overlapping live events)', () => {
    const row = fold([started(), visitorSays('hi')]);
    if (row === null) throw new Error('no row');
    const again = summarizeConversation(row, { ...visitorSays('hi'), version: 2, time: at(9) });
    expect(again).toBe(row);
    expect(summarizeConversation(row, { ...started(), version: 1, time: at(9) })).toBe(row);
  });

  describe('messages', () => {
    it('keeps only a preview of long messages', () => {
      const row = fold([started(), visitorSays('a'.repeat(5000))]);
      expect(row?.lastMessageText).toHaveLength(PREVIEW_LENGTH);
      expect(row?.messageCount).toBe(1);
    });

    it('the name a visitor typed fills an empty name, never replaces a known one', () => {
      given(started()).when(visitorSays('hi', 'Siti')).then({ visitorName: 'Siti' });
      given(started({ preChat: { name: 'Siti Aminah' } }))
        .when(visitorSays('hi', 'Someone else'))
        .then({ visitorName: 'Siti Aminah' });
    });

    it('counts an agent who wrote as a participant, once', () => {
      given(started(), claimed('a1', 'Ani'))
        .when(agentSays('a1', 'hello'), agentSays('a2', 'hi too'), agentSays('a2', 'again'))
        .then({ participantIds: ['a1', 'a2'], messageCount: 3, lastMessageText: 'again' });
    });
  });

  describe('the SLA escalation', () => {
    it('shows an escalation until an agent answers', () => {
      given(started()).when(escalated('agents'), escalated('supervisors')).then({
        escalation: 'supervisors',
      });
      given(started(), escalated('agents'))
        .when(visitorSays('still there?'))
        .then({ escalation: 'agents' });
      given(started(), escalated('agents'))
        .when(claimed('a1', 'Ani'), agentSays('a1', 'Halo'))
        .then({ escalation: null, assigneeId: 'a1' });
    });

    it('only rises: a late agents level after supervisors keeps supervisors', () => {
      given(started(), escalated('supervisors'))
        .when(escalated('agents'))
        .then({ escalation: 'supervisors' });
    });

    it('a requeue clears the assignee and starts the SLA over; a close clears the badge', () => {
      given(started(), claimed('a1', 'Ani'), escalated('agents'))
        .when(requeued)
        .then({ assigneeId: null, assigneeName: null, escalation: null, participantIds: ['a1'] });
      given(started(), escalated('supervisors'))
        .when({ type: 'ConversationClosed', data: { closedBy: { kind: 'visitor', id: 'v1' } } })
        .then({ status: 'closed', closedAt: at(2), escalation: null });
    });

    it('a routing that is not a requeue changes no column', () => {
      const before = fold([started(), claimed('a1', 'Ani')]);
      const after = given(started(), claimed('a1', 'Ani'))
        .when({ ...requeued, data: { ...requeued.data, cause: 'retried' } })
        .thenRow();
      expect(after).toEqual({ ...before, version: 3 });
    });
  });

  describe('the visitor’s identity', () => {
    it('the host page’s identity replaces the pre-chat name and e-mail', () => {
      given(started({ preChat: { name: 'Siti', email: 'siti@example.org' } }))
        .when(identified(false, 'Siti Aminah'))
        .then({
          visitorName: 'Siti Aminah',
          visitorEmail: 'siti@example.org',
          visitorVerified: false,
        });
    });

    it('a verified identity is never overwritten by an unverified one', () => {
      given(started(), identified(true, 'Siti Aminah', 'siti@school.example'))
        .when(identified(false, 'Mallory', 'mallory@example.org'))
        .then({
          visitorName: 'Siti Aminah',
          visitorEmail: 'siti@school.example',
          visitorVerified: true,
          version: 3,
        });
    });

    it('a verified identity replaces a verified one', () => {
      given(started(), identified(true, 'Siti', 'siti@school.example'))
        .when(identified(true, undefined, 'siti.aminah@school.example'))
        .then({
          visitorName: 'Siti',
          visitorEmail: 'siti.aminah@school.example',
          visitorVerified: true,
        });
    });
  });

  it('keeps the page, the window, whispers, the last rating and the transcript address', () => {
    given(started({ page: { url: 'https://school.example/', title: 'Home' } }))
      .when(
        { type: 'VisitorNavigated', data: { url: 'https://school.example/fees' } },
        { type: 'ChatWindowToggled', data: { minimized: true } },
        {
          type: 'WhisperPosted',
          data: {
            messageId: 'w1',
            clientMessageId: 'w-1',
            author: { kind: 'agent', id: 'a1', name: 'Ani' },
            text: 'VIP',
          },
        },
        { type: 'ConversationRated', data: { rating: 'bad', comment: 'slow' } },
        { type: 'ConversationRated', data: { rating: 'good' } },
        { type: 'TranscriptRequested', data: { email: 'siti@example.org' } },
      )
      .then({
        currentUrl: 'https://school.example/fees',
        currentTitle: null,
        minimized: true,
        whisperCount: 1,
        messageCount: 0,
        rating: 'good',
        ratingComment: null,
        transcriptEmail: 'siti@example.org',
        version: 7,
      });
  });

  it('an event type this build does not know moves only the version', () => {
    const row = fold([started()]);
    const unknown = { type: 'SomethingNew', data: {}, version: 2, time: at(1) };
    expect(
      summarizeConversation(row, unknown as unknown as Parameters<typeof summarizeConversation>[1]),
    ).toEqual({
      ...row,
      version: 2,
    });
  });
});
