import { describe, it } from '@jest/globals';
import type { ConversationEvent } from '@sapa/contracts';
import { deciderSpec } from '@sapa/testkit';
import { decideRouting, type RoutingCommand } from './routing.decider.js';
import { evolveConversation, initialConversationState } from './conversation.state.js';

const spec = deciderSpec<RoutingCommand, ConversationEvent, typeof initialConversationState>({
  decide: decideRouting,
  evolve: evolveConversation,
  initialState: initialConversationState,
});

const started: ConversationEvent = {
  type: 'ConversationStarted',
  data: { conversationId: 'c1', siteId: 's1', visitorId: 'v1' },
};
const ayu = { kind: 'agent' as const, id: 'ayu', name: 'Ayu' };
const verdicts = [{ agentId: 'ayu', activeChats: 0, maxChats: 5 }];
const routing = (
  cause: 'started' | 'requeued' | 'retried',
  outcome: 'ring' | 'assign' | 'queue',
  extra: Partial<Extract<RoutingCommand, { type: 'RecordRouting' }>['data']> = {},
): RoutingCommand => ({
  type: 'RecordRouting',
  data: {
    conversationId: 'c1',
    cause,
    mode: outcome === 'assign' ? 'least-busy' : 'ring-all',
    outcome,
    agentIds: outcome === 'queue' ? [] : ['ayu'],
    verdicts,
    ...extra,
  },
});
const routed = (command: RoutingCommand): ConversationEvent => {
  if (command.type !== 'RecordRouting') throw new Error('not a routing command');
  const { cause, mode, outcome, agentIds, verdicts, previousAgentId } = command.data;
  return {
    type: 'ConversationRouted',
    data: {
      cause,
      mode,
      outcome,
      agentIds,
      ...(previousAgentId === undefined ? {} : { previousAgentId }),
      verdicts,
    },
  };
};
const claimedByAyu: ConversationEvent = {
  type: 'ChatClaimed',
  data: { agentId: 'ayu', agentName: 'Ayu' },
};
const ayuAnswered: ConversationEvent = {
  type: 'MessagePosted',
  data: { messageId: 'm1', clientMessageId: 'a1', author: ayu, text: 'Halo' },
};
const escalation = (level: 'agents' | 'supervisors'): RoutingCommand => ({
  type: 'RecordEscalation',
  data: { conversationId: 'c1', level, slaSeconds: 60, waitedSeconds: 61, agentIds: ['ayu'] },
});
const escalated = (level: 'agents' | 'supervisors'): ConversationEvent => ({
  type: 'ConversationEscalated',
  data: { level, slaSeconds: 60, waitedSeconds: 61, agentIds: ['ayu'] },
});

describe('recording routing decisions', () => {
  it('records where a new chat went, with the verdicts', () => {
    const ring = routing('started', 'ring');
    spec
      .given([started])
      .when(ring)
      .then([routed(ring)]);
  });

  it('an assignment also claims the chat for the agent, so the visitor sees who took it', () => {
    const assign = routing('started', 'assign', { assignedTo: ayu });
    spec
      .given([started])
      .when(assign)
      .then([routed(assign), claimedByAyu]);
  });

  it('a redelivered start is not recorded twice, nor is one for a chat already claimed', () => {
    const ring = routing('started', 'ring');
    spec
      .given([started, routed(ring)])
      .when(ring)
      .thenNothing();
    spec.given([started, claimedByAyu]).when(routing('retried', 'ring')).thenNothing();
  });

  it('a retry that still finds nobody records nothing (parked chats are retried every sweep)', () => {
    const parked = routing('started', 'queue');
    spec
      .given([started, routed(parked)])
      .when(routing('retried', 'queue'))
      .thenNothing();
    const rung = routing('retried', 'ring');
    spec
      .given([started, routed(parked)])
      .when(rung)
      .then([routed(rung)]);
  });

  it('routes nothing for a chat that is closed or was never started', () => {
    const closed: ConversationEvent = {
      type: 'ConversationClosed',
      data: { closedBy: { kind: 'system', id: 'test' } },
    };
    spec.given([started, closed]).when(routing('started', 'ring')).thenNothing();
    spec.given([]).when(routing('started', 'ring')).thenNothing();
  });

  it('requeues only a chat still held by the agent who went offline', () => {
    const requeue = routing('requeued', 'ring', { previousAgentId: 'ayu' });
    spec
      .given([started, claimedByAyu])
      .when(requeue)
      .then([routed(requeue)]);
    spec
      .given([started, claimedByAyu])
      .when(routing('requeued', 'ring', { previousAgentId: 'budi' }))
      .thenNothing();
    spec.given([started]).when(requeue).thenNothing();
  });

  it('after a requeue the chat is unclaimed: the next agent to reply claims it', () => {
    const requeue = routing('requeued', 'queue', { previousAgentId: 'ayu' });
    // Once requeued, a retry may route it again (it is no longer anyone's).
    const retry = routing('retried', 'ring');
    spec
      .given([started, claimedByAyu, routed(requeue)])
      .when(retry)
      .then([routed(retry)]);
  });
});

describe('recording SLA escalations', () => {
  it('records each level once, while the chat is unanswered', () => {
    spec
      .given([started])
      .when(escalation('agents'))
      .then([escalated('agents')]);
    spec
      .given([started, escalated('agents')])
      .when(escalation('agents'))
      .thenNothing();
    spec
      .given([started, escalated('agents')])
      .when(escalation('supervisors'))
      .then([escalated('supervisors')]);
  });

  it('an agent answer meets the SLA: no escalation after it (a visitor message does not)', () => {
    spec.given([started, claimedByAyu, ayuAnswered]).when(escalation('agents')).thenNothing();
    const visitorWrote: ConversationEvent = {
      type: 'MessagePosted',
      data: {
        messageId: 'm0',
        clientMessageId: 'v1',
        author: { kind: 'visitor', id: 'v1' },
        text: 'Halo?',
      },
    };
    spec
      .given([started, visitorWrote])
      .when(escalation('agents'))
      .then([escalated('agents')]);
  });
});
