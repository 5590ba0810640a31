import { describe, expect, it } from '@jest/globals';
import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import { agentNamesFrom, nameLookup, systemLine } from './system-lines.js';

const names = nameLookup({ ayu: 'Ayu', budi: 'Budi', citra: 'Citra' });
const event = (type: string, data: Record<string, unknown>, version = 2): ClientEvent => ({
  id: `e${version}`,
  conversationId: 'c1',
  version,
  type,
  data,
  time: '2026-11-23T00:01:00.000Z',
});
const verdict = (agentId: string, activeChats: number, excludedBecause?: string) => ({
  agentId,
  activeChats,
  maxChats: 5,
  ...(excludedBecause ? { excludedBecause } : {}),
});

/** The line of a routing decision; `mode` is ring-all unless said. */
const routedLine = (
  cause: string,
  outcome: string,
  agentIds: string[],
  verdicts: ReturnType<typeof verdict>[],
  more: Record<string, unknown> = {},
) =>
  systemLine(
    event('ConversationRouted', { cause, mode: 'ring-all', outcome, agentIds, verdicts, ...more }),
    names,
  );
const escalatedLine = (level: string, waitedSeconds: number, agentIds: string[]) =>
  systemLine(
    event('ConversationEscalated', { level, slaSeconds: 60, waitedSeconds, agentIds }),
    names,
  );

describe('timeline lines for routing and the SLA', () => {
  it('a new chat rang every eligible agent, and says why the others were not', () => {
    const line = routedLine(
      'started',
      'ring',
      ['ayu', 'budi'],
      [verdict('ayu', 1), verdict('budi', 0), verdict('citra', 5, 'at-limit')],
    );
    expect(line).toBe('Rang Ayu, Budi (ring all; not rung: Citra at their chat limit)');
  });

  it('least busy: assigned, with the load that decided it', () => {
    const line = routedLine(
      'started',
      'assign',
      ['budi'],
      [verdict('ayu', 2), verdict('budi', 1)],
      {
        mode: 'least-busy',
      },
    );
    expect(line).toBe('Assigned to Budi (least busy: 1 of 5 chats)');
  });

  it('requeued because the agent went offline, and nobody free', () => {
    const line = routedLine(
      'requeued',
      'queue',
      [],
      [verdict('ayu', 0, 'not-online'), verdict('budi', 0, 'off-duty')],
      { previousAgentId: 'ayu' },
    );
    expect(line).toBe(
      'Back in the queue: Ayu went offline; nobody free, waiting in the queue (Ayu not online, Budi off duty)',
    );
  });

  it('a queued chat found an agent', () => {
    const line = routedLine('retried', 'ring', ['citra'], [verdict('citra', 0)]);
    expect(line).toBe('An agent became free: rang Citra (ring all)');
  });

  it('escalations name the SLA and who was alerted', () => {
    expect(escalatedLine('agents', 61, ['ayu', 'budi'])).toBe(
      'Not answered within 60 s: alerted Ayu, Budi again, waiting 61 s',
    );
    expect(escalatedLine('supervisors', 120, [])).toBe(
      'Not answered within 60 s: alerted supervisors, waiting 120 s',
    );
  });

  it('an unknown agent is shown by a short id; unknown event types give no line', () => {
    const line = routedLine('started', 'ring', ['0123456789abcdef'], []);
    expect(line).toBe('Rang agent 01234567 (ring all)');
    expect(systemLine(event('SomethingNew', {}), names)).toBeUndefined();
  });

  it('learns names from claims and agents’ messages', () => {
    const known = agentNamesFrom([
      event('ChatClaimed', { agentId: 'dewi', agentName: 'Dewi' }),
      event('MessagePosted', { author: { kind: 'agent', id: 'eka', name: 'Eka' }, text: 'hi' }),
      event('MessagePosted', { author: { kind: 'visitor', id: 'v1', name: 'Vis' }, text: 'hi' }),
    ]);
    expect(known).toEqual({ dewi: 'Dewi', eka: 'Eka' });
  });
});
