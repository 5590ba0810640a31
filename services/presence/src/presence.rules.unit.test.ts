import { describe, expect, it } from '@jest/globals';
import type { AgentPresence, AgentStatus } from '@sapa/contracts';
import {
  effectivePresence,
  isLive,
  presentAgents,
  siteAvailability,
  statusChanged,
  unknownAgentPresence,
  type AgentRecord,
  type ConnectionLease,
} from './presence.rules.js';

const NOW = 1_700_000_000_000;

const record = (
  chosenStatus: AgentStatus,
  connections: readonly ConnectionLease[],
  overrides: Partial<AgentRecord> = {},
): AgentRecord => ({
  agentId: 'agent-1',
  name: 'Ayu',
  chosenStatus,
  lastSeenAt: NOW - 1_000,
  connections,
  ...overrides,
});

const lease = (connectionId: string, expiresAt: number): ConnectionLease => ({
  connectionId,
  expiresAt,
});

const presence = (
  agentId: string,
  status: AgentStatus,
  name = agentId,
  connections = 1,
): AgentPresence => ({ agentId, name, status, lastSeenAt: NOW, connections });

describe('effectivePresence', () => {
  it('is online when the agent chose online and has a live connection', () => {
    expect(effectivePresence(record('online', [lease('c1', NOW + 30_000)]), NOW)).toEqual({
      agentId: 'agent-1',
      name: 'Ayu',
      status: 'online',
      lastSeenAt: NOW - 1_000,
      connections: 1,
    });
  });

  it('is away when the agent chose away and has a live connection', () => {
    const result = effectivePresence(record('away', [lease('c1', NOW + 1)]), NOW);
    expect(result.status).toBe('away');
    expect(result.connections).toBe(1);
  });

  it('is offline when the agent chose offline, even with live connections', () => {
    const result = effectivePresence(
      record('offline', [lease('c1', NOW + 5_000), lease('c2', NOW + 9_000)]),
      NOW,
    );
    expect(result.status).toBe('offline');
    expect(result.connections).toBe(2);
  });

  it('is offline when the agent has no connection at all', () => {
    const result = effectivePresence(record('online', []), NOW);
    expect(result.status).toBe('offline');
    expect(result.connections).toBe(0);
  });

  it('is offline when every connection has expired', () => {
    const result = effectivePresence(
      record('online', [lease('c1', NOW - 1), lease('c2', NOW - 20_000)]),
      NOW,
    );
    expect(result).toMatchObject({ status: 'offline', connections: 0 });
  });

  it('treats a connection as live up to, but not at, its expiry instant', () => {
    const agent = record('online', [lease('c1', NOW)]);
    expect(effectivePresence(agent, NOW - 1).status).toBe('online');
    expect(effectivePresence(agent, NOW).status).toBe('offline');
    expect(effectivePresence(agent, NOW + 1).status).toBe('offline');
  });

  it('counts only the live connections among several', () => {
    const agent = record('online', [
      lease('old', NOW - 10),
      lease('current', NOW + 10_000),
      lease('other-tab', NOW + 20_000),
    ]);
    expect(effectivePresence(agent, NOW)).toMatchObject({ status: 'online', connections: 2 });
    // The longest-lived connection keeps the agent online after the others lapse.
    expect(effectivePresence(agent, NOW + 15_000)).toMatchObject({
      status: 'online',
      connections: 1,
    });
    expect(effectivePresence(agent, NOW + 20_000)).toMatchObject({
      status: 'offline',
      connections: 0,
    });
  });

  it('keeps lastSeenAt when the agent goes offline', () => {
    const result = effectivePresence(record('online', [], { lastSeenAt: 42 }), NOW);
    expect(result.lastSeenAt).toBe(42);
  });
});

describe('isLive', () => {
  it('is true strictly before the expiry', () => {
    expect(isLive(lease('c', 100), 99)).toBe(true);
    expect(isLive(lease('c', 100), 100)).toBe(false);
  });
});

describe('unknownAgentPresence', () => {
  it('is offline and never seen', () => {
    expect(unknownAgentPresence('a-9')).toEqual({
      agentId: 'a-9',
      name: '',
      status: 'offline',
      lastSeenAt: 0,
      connections: 0,
    });
  });
});

describe('statusChanged', () => {
  it('is true only when the effective status differs', () => {
    expect(statusChanged(presence('a', 'offline'), presence('a', 'online'))).toBe(true);
    expect(statusChanged(presence('a', 'online'), presence('a', 'away'))).toBe(true);
    expect(statusChanged(presence('a', 'online', 'a', 1), presence('a', 'online', 'a', 2))).toBe(
      false,
    );
    expect(
      statusChanged(presence('a', 'online'), { ...presence('a', 'online'), lastSeenAt: NOW + 5 }),
    ).toBe(false);
  });
});

describe('siteAvailability', () => {
  it('is online when at least one agent is online', () => {
    expect(
      siteAvailability('site-1', [
        presence('a', 'online'),
        presence('b', 'away'),
        presence('c', 'online'),
        presence('d', 'offline'),
      ]),
    ).toEqual({ siteId: 'site-1', online: true, agentsOnline: 2, departments: [] });
  });

  it('ignores away agents', () => {
    expect(siteAvailability('site-1', [presence('a', 'away'), presence('b', 'away')])).toEqual({
      siteId: 'site-1',
      online: false,
      agentsOnline: 0,
      departments: [],
    });
  });

  it('is offline with no agents', () => {
    expect(siteAvailability('site-1', [])).toEqual({
      siteId: 'site-1',
      online: false,
      agentsOnline: 0,
      departments: [],
    });
  });

  it('follows the effective status: an online agent whose connection lapsed does not count', () => {
    const agents = [
      effectivePresence(record('online', [lease('c1', NOW - 1)], { agentId: 'gone' }), NOW),
      effectivePresence(record('away', [lease('c2', NOW + 1_000)], { agentId: 'away' }), NOW),
    ];
    expect(siteAvailability('site-1', agents).online).toBe(false);
  });
});

describe('presentAgents', () => {
  it('lists online and away agents, not offline ones, ordered by name then id', () => {
    const listed = presentAgents([
      presence('z-id', 'online', 'Wayan'),
      presence('b-id', 'offline', 'Budi'),
      presence('c-id', 'away', 'Ayu'),
      presence('a-id', 'online', 'Ayu'),
    ]);
    expect(listed.map((agent) => [agent.agentId, agent.status])).toEqual([
      ['a-id', 'online'],
      ['c-id', 'away'],
      ['z-id', 'online'],
    ]);
  });

  it('does not reorder its input', () => {
    const input = [presence('b', 'online'), presence('a', 'online')];
    presentAgents(input);
    expect(input.map((agent) => agent.agentId)).toEqual(['b', 'a']);
  });
});
