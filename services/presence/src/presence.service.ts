import {
  NotFoundError,
  presenceChangedSubject,
  type AgentDisconnected,
  type AgentHeartbeat,
  type AgentPresence,
  type RpcResponse,
  type SetAgentStatus,
  type SiteAvailability,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import {
  effectivePresence,
  presentAgents,
  siteAvailability,
  statusChanged,
  unknownAgentPresence,
  type AgentRecord,
} from './presence.rules.js';
import type { AgentChange, PresenceStore, SiteSnapshot } from './presence.store.js';

/** Where presence changes go (the bus's core NATS publish). */
export type PresencePublish = (subject: string, payload: AgentPresence) => void;

export interface PresenceServiceOptions {
  readonly store: PresenceStore;
  readonly publish: PresencePublish;
  readonly logger: Logger;
  /**
   * How long an agent's socket counts as alive after the gateway reports it closed. 0 (the
   * default) ends it at once. This is the seam for the reconnect grace period: with a grace,
   * the lease simply runs out later and the sweeper announces the agent offline.
   */
  readonly disconnectGraceMs?: number;
  /** Called after an agent's effective status changed (availability may have changed too). */
  readonly onAgentsChanged?: (siteId: string) => void;
  /** Called once when an agent goes offline (chose it, last socket gone, or lease lapsed). */
  readonly onAgentOffline?: (siteId: string, agentId: string) => void;
}

/**
 * The presence use cases: load from the store, apply the pure rules, announce changes of an
 * agent's effective status on `presenceChangedSubject(siteId)`. Transport-free; the RPC
 * handlers and the sweeper call it.
 */
export class PresenceService {
  readonly #store: PresenceStore;
  readonly #publish: PresencePublish;
  readonly #logger: Logger;
  readonly #graceMs: number;
  readonly #onAgentsChanged: (siteId: string) => void;
  readonly #onAgentOffline: (siteId: string, agentId: string) => void;

  constructor(options: PresenceServiceOptions) {
    this.#store = options.store;
    this.#publish = options.publish;
    this.#logger = options.logger.child({ module: 'presence' });
    this.#graceMs = options.disconnectGraceMs ?? 0;
    this.#onAgentsChanged = options.onAgentsChanged ?? (() => undefined);
    this.#onAgentOffline = options.onAgentOffline ?? (() => undefined);
  }

  /** A socket of the agent is alive: register or refresh it. */
  async heartbeat(request: AgentHeartbeat): Promise<RpcResponse<'presence.agent-heartbeat'>> {
    const change = await this.#store.heartbeat(request);
    return { agent: this.#announce(request.siteId, request.agentId, change) };
  }

  /** A socket of the agent closed; the agent goes offline when it was the last one. */
  async disconnected(
    request: AgentDisconnected,
  ): Promise<RpcResponse<'presence.agent-disconnected'>> {
    const change = await this.#store.disconnect({ ...request, graceMs: this.#graceMs });
    return { agent: this.#announce(request.siteId, request.agentId, change) };
  }

  /** The agent chose a status. Refused for an agent with no presence (no heartbeat yet). */
  async setStatus(request: SetAgentStatus): Promise<RpcResponse<'presence.set-agent-status'>> {
    const change = await this.#store.setStatus(request);
    if (!change.after) {
      throw new NotFoundError(
        `agent ${request.agentId} has no presence on site ${request.siteId}; send a heartbeat first`,
      );
    }
    return { agent: this.#announce(request.siteId, request.agentId, change) };
  }

  /** Whether the site has at least one agent online (away agents do not count). */
  async availability(siteId: string): Promise<SiteAvailability> {
    return siteAvailability(siteId, await this.#readSite(siteId));
  }

  /** The site's online and away agents, ordered by name. */
  async onlineAgents(siteId: string): Promise<RpcResponse<'presence.online-agents'>> {
    return { agents: presentAgents(await this.#readSite(siteId)) };
  }

  /**
   * Reads a site so that agents whose leases ran out are pruned and announced offline.
   * Returns how many were announced.
   */
  async sweepSite(siteId: string): Promise<number> {
    const snapshot = await this.#store.readSite(siteId);
    return this.#announceLapsed(siteId, snapshot);
  }

  async #readSite(siteId: string): Promise<AgentPresence[]> {
    const snapshot = await this.#store.readSite(siteId);
    this.#announceLapsed(siteId, snapshot);
    return snapshot.agents.map((record) => effectivePresence(record, snapshot.now));
  }

  /** Publishes the agent's presence when its effective status changed; returns the new one. */
  #announce(siteId: string, agentId: string, change: AgentChange): AgentPresence {
    const before = this.#presenceOf(agentId, change.before, change.now);
    const after = this.#presenceOf(agentId, change.after, change.now);
    if (statusChanged(before, after)) {
      this.#logger.debug({ siteId, agentId, from: before.status, to: after.status }, 'changed');
      this.#publish(presenceChangedSubject(siteId), after);
      this.#onAgentsChanged(siteId);
      if (after.status === 'offline') this.#onAgentOffline(siteId, agentId);
    }
    return after;
  }

  /**
   * The store hands each lapsed agent to exactly one reader; that reader announces it unless
   * the agent had already chosen offline (and so was announced offline back then).
   */
  #announceLapsed(siteId: string, snapshot: SiteSnapshot): number {
    let announced = 0;
    for (const record of snapshot.lapsed) {
      if (record.chosenStatus === 'offline') continue;
      const presence = effectivePresence(record, snapshot.now);
      this.#logger.debug({ siteId, agentId: record.agentId }, 'lapsed');
      this.#publish(presenceChangedSubject(siteId), presence);
      this.#onAgentOffline(siteId, record.agentId);
      announced += 1;
    }
    if (announced > 0) this.#onAgentsChanged(siteId);
    return announced;
  }

  #presenceOf(agentId: string, record: AgentRecord | undefined, now: number): AgentPresence {
    return record ? effectivePresence(record, now) : unknownAgentPresence(agentId);
  }
}
