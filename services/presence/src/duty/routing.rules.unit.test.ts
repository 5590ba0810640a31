import { describe, expect, it } from '@jest/globals';
import { decideRoute, type RoutingCandidate } from './routing.rules.js';

const agent = (agentId: string, extra: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  agentId,
  status: 'online',
  activeChats: 0,
  maxChats: 3,
  onDuty: true,
  departmentIds: ['sales'],
  ...extra,
});

describe('routing decisions', () => {
  it('rings every eligible agent by default, with the reasons for the others', () => {
    const decision = decideRoute({
      mode: 'ring-all',
      candidates: [
        agent('budi'),
        agent('ayu'),
        agent('citra', { status: 'away' }),
        agent('dewi', { activeChats: 3 }),
        agent('eko', { onDuty: false }),
        agent('fajar', { departmentIds: ['support'] }),
      ],
      departmentId: 'sales',
    });
    expect(decision).toEqual({
      kind: 'ring',
      ring: ['ayu', 'budi'],
      verdicts: [
        { agentId: 'ayu', activeChats: 0, maxChats: 3 },
        { agentId: 'budi', activeChats: 0, maxChats: 3 },
        { agentId: 'citra', activeChats: 0, maxChats: 3, excludedBecause: 'not-online' },
        { agentId: 'dewi', activeChats: 3, maxChats: 3, excludedBecause: 'at-limit' },
        { agentId: 'eko', activeChats: 0, maxChats: 3, excludedBecause: 'off-duty' },
        { agentId: 'fajar', activeChats: 0, maxChats: 3, excludedBecause: 'other-department' },
      ],
    });
  });

  it('assigns the least busy eligible agent and never one at their limit', () => {
    const decision = decideRoute({
      mode: 'least-busy',
      candidates: [
        agent('ayu', { activeChats: 2 }),
        agent('budi', { activeChats: 1 }),
        agent('citra', { activeChats: 1, maxChats: 1 }),
      ],
    });
    expect(decision).toMatchObject({ kind: 'assign', agentId: 'budi' });
  });

  it('breaks ties round-robin after the last agent assigned, wrapping around', () => {
    const candidates = [agent('ayu'), agent('budi'), agent('citra')];
    const pick = (last?: string) => {
      const decision = decideRoute({ mode: 'least-busy', candidates, lastAssignedAgentId: last });
      return decision.kind === 'assign' ? decision.agentId : decision.kind;
    };
    expect(pick()).toBe('ayu');
    expect(pick('ayu')).toBe('budi');
    expect(pick('budi')).toBe('citra');
    expect(pick('citra')).toBe('ayu');
    expect(pick('gone-agent')).toBe('ayu');
  });

  it('queues the chat when nobody is eligible', () => {
    for (const mode of ['ring-all', 'least-busy'] as const) {
      expect(
        decideRoute({
          mode,
          candidates: [agent('ayu', { activeChats: 3 }), agent('budi', { status: 'offline' })],
        }).kind,
      ).toBe('queue');
      expect(decideRoute({ mode, candidates: [] }).kind).toBe('queue');
    }
  });

  it('ignores departments when the chat has none', () => {
    const decision = decideRoute({
      mode: 'ring-all',
      candidates: [agent('ayu', { departmentIds: [] })],
    });
    expect(decision).toMatchObject({ kind: 'ring', ring: ['ayu'] });
  });
});
