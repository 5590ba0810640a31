import {
  ConversationEvent,
  queueSubject,
  type AgentPresence,
  type QueueChanged,
  type StoredEvent,
  streamIdOf,
} from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { presenceMetrics } from './presence-telemetry.js';
import { queuePositions, type QueuedChat } from './chat-queue.rules.js';
import type { ChatQueueStore } from './chat-queue.store.js';
import type { DutySource } from './duty/duty.cache.js';
import type { RoutingService } from './routing.service.js';
import { SiteTask } from './site-task.js';

/** Durable consumer of conversation events that drives routing (shared by presence replicas). */
export const ROUTING_CONSUMER = 'presence-routing';

export interface RoutingReactorOptions {
  readonly bus: Bus;
  readonly routing: RoutingService;
  readonly queue: ChatQueueStore;
  readonly duty: DutySource;
  readonly readAgents: (siteId: string) => Promise<AgentPresence[]>;
  /** An agent's load changed (availability depends on it). */
  readonly onLoadsChanged: (siteId: string) => void;
  /** Sites with agents or visitors now (presence's index), checked for a routing rebuild. */
  readonly knownSites: () => Promise<string[]>;
  readonly logger: Logger;
  readonly now?: () => number;
}

type Cause = 'started' | 'requeued' | 'retried';

/**
 * Queue notices of one site start at least this far apart. Each claim or close moves every
 * waiting visitor's place; `SiteTask` folds the triggers that arrive during a run, but a run
 * takes milliseconds, so a burst of claims still sent a notice every few milliseconds, each a
 * frame to every waiting visitor (O(waiting²) frames over the burst). A place shown up to half
 * a second late is still accurate enough.
 */
const QUEUE_NOTICE_SPACING_MS = 500;

/**
 * Wires routing to real chats. It reacts to conversation events — a new chat is
 * put in line and routed, a claim takes it out of line onto the agent's load, an agent's
 * first answer stops its SLA timer, a close frees the slot — and to presence: an agent who
 * goes offline has their chats put back in line and routed again. On every sweep it fires
 * due SLA escalations, retries parked chats and tells waiting visitors their place.
 *
 * Presence decides; chat records (`chat.record-routing`, `chat.record-escalation`) and owns
 * the stream, refusing a decision that no longer fits. Gateways ring agents from those events.
 */
export class RoutingReactor {
  readonly #options: RoutingReactorOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #retries: SiteTask;
  readonly #queueNotices: SiteTask;

  constructor(options: RoutingReactorOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ module: 'routing-reactor' });
    this.#now = options.now ?? Date.now;
    const warn = (message: string) => (error: unknown, siteId: string) =>
      this.#logger.warn({ err: error, siteId }, message);
    this.#retries = new SiteTask((siteId) => this.retryParked(siteId), warn('retry failed'));
    this.#queueNotices = new SiteTask(
      (siteId) => this.publishQueue(siteId),
      warn('queue notice failed'),
      QUEUE_NOTICE_SPACING_MS,
    );
  }

  /** Handles one stored event (idempotent: redelivery and replays change nothing twice). */
  async handle(event: StoredEvent): Promise<void> {
    const conversationId = streamIdOf('conversation', event.stream);
    if (conversationId === undefined) return;
    const parsed = ConversationEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) return;
    const { siteId } = event;
    const { queue } = this.#options;
    switch (parsed.data.type) {
      case 'ConversationStarted': {
        // A proactive chat has its agent already; it is not routed (its claim counts on load).
        if (parsed.data.data.startedBy) return;
        const department = parsed.data.data.department;
        const chat: QueuedChat = {
          siteId,
          conversationId,
          startedAt: Date.parse(event.time),
          ...(department === undefined ? {} : { departmentId: department }),
        };
        const duty = await this.#options.duty.get(siteId);
        await queue.track(chat, duty.slaSeconds * 1000);
        // Routed again on redelivery too: routing returns its first decision, chat keeps its first record.
        await this.route(chat, 'started');
        return;
      }
      case 'ChatClaimed':
        if (await queue.claimed(siteId, conversationId, parsed.data.data.agentId)) {
          this.#options.onLoadsChanged(siteId);
        }
        this.#queueNotices.soon(siteId);
        return;
      case 'MessagePosted':
        if (parsed.data.data.author.kind === 'agent') await queue.answered(siteId, conversationId);
        return;
      case 'ConversationClosed':
        if ((await queue.forget(siteId, conversationId)) !== null) {
          this.#options.onLoadsChanged(siteId);
          this.#retries.soon(siteId);
        }
        this.#queueNotices.soon(siteId);
        return;
      // Nothing else changes where a chat waits or who holds it.
      case 'AgentJoined':
      case 'VisitorNavigated':
      case 'ChatWindowToggled':
      case 'WhisperPosted':
      case 'ConversationRated':
      case 'TranscriptRequested':
      case 'VisitorIdentified':
      case 'ConversationRouted':
      case 'ConversationEscalated':
        return;
      default: {
        const unknown: never = parsed.data;
        throw new Error(`unknown conversation event ${(unknown as { type: string }).type}`);
      }
    }
  }

  /** The agent went offline: their chats go back in line and are routed again. */
  async agentOffline(siteId: string, agentId: string): Promise<void> {
    const chats = await this.#options.queue.requeue(siteId, agentId);
    if (chats.length === 0) return;
    this.#logger.info(
      { siteId, agentId, chats: chats.length },
      'requeueing chats of offline agent',
    );
    this.#options.onLoadsChanged(siteId);
    for (const chat of chats) await this.route(chat, 'requeued', agentId);
  }

  /** An agent may have become free (came online, finished a chat): route parked chats soon. */
  agentsChanged(siteId: string): void {
    this.#retries.soon(siteId);
  }

  /** The sweeper's tick: due escalations, parked chats, and queue notices, for every site. */
  async tick(): Promise<void> {
    await this.rebuildForgotten(await this.#options.knownSites());
    for (const siteId of await this.#options.queue.activeSites()) {
      await this.escalateDue(siteId);
      await this.retryParked(siteId);
      await this.publishQueue(siteId);
    }
  }

  /**
   * Redis restarted empty (or a site was never rebuilt): its open chats, their line and the
   * agents' loads are rebuilt from chat's conversation list, once per site, so limits hold
   * and waiting chats are routed again. Claimed chats count on their agent's load with no SLA
   * timer (whether they were answered is not in the list); unclaimed ones go back in line,
   * parked, and are routed again (`retried`) at once, their SLA counted from their start.
   */
  async rebuildForgotten(sites: readonly string[]): Promise<void> {
    const { queue } = this.#options;
    for (const siteId of sites) {
      if (!(await queue.claimRebuild(siteId))) continue;
      try {
        if ((await this.#rebuild(siteId)) > 0) {
          this.#options.onLoadsChanged(siteId);
          this.#retries.soon(siteId);
        }
      } catch (error) {
        await queue.releaseRebuild(siteId);
        throw error;
      }
    }
  }

  async #rebuild(siteId: string): Promise<number> {
    const { queue, bus } = this.#options;
    const [duty, { conversations }] = await Promise.all([
      this.#options.duty.get(siteId),
      bus.request('chat.list-conversations', { siteId, status: 'open', limit: 500 }),
    ]);
    let restored = 0;
    for (const row of conversations) {
      const { conversationId, assigneeId } = row;
      if (row.startedById && !assigneeId) continue; // proactive, not yet taken: never routed
      const chat: QueuedChat = {
        siteId,
        conversationId,
        startedAt: Date.parse(row.startedAt),
        ...(row.department ? { departmentId: row.department } : {}),
      };
      if (!row.startedById && !(await queue.track(chat, duty.slaSeconds * 1000))) continue;
      restored += 1;
      if (assigneeId) {
        await queue.claimed(siteId, conversationId, assigneeId);
        await queue.answered(siteId, conversationId);
      } else {
        await queue.park(siteId, conversationId, true);
      }
    }
    if (restored > 0) this.#logger.info({ siteId, restored }, 'routing state rebuilt');
    return restored;
  }

  /** Fires the SLA escalations of a site that fell due (each on exactly one replica). */
  async escalateDue(siteId: string): Promise<void> {
    const duty = await this.#options.duty.get(siteId);
    const now = this.#now();
    const due = await this.#options.queue.takeDue(siteId, now, duty.slaSeconds * 1000);
    if (due.length === 0) return;
    const eligibleFor = await this.#options.routing.eligibleFor(siteId);
    for (const { chat, level } of due) {
      const recorded = await this.#options.bus.request('chat.record-escalation', {
        siteId,
        conversationId: chat.conversationId,
        level,
        slaSeconds: duty.slaSeconds,
        waitedSeconds: Math.max(0, Math.floor((now - chat.startedAt) / 1000)),
        agentIds: eligibleFor(chat.departmentId),
      });
      if (recorded.applied) {
        presenceMetrics.slaBreaches().labels(level).inc();
        this.#logger.info({ siteId, conversationId: chat.conversationId, level }, 'sla escalated');
      } else if (!recorded.open) {
        await this.#options.queue.forget(siteId, chat.conversationId);
      }
    }
  }

  /** Routes parked chats, first in line first, until one still finds nobody. */
  async retryParked(siteId: string): Promise<void> {
    for (const chat of await this.#options.queue.parked(siteId)) {
      if ((await this.route(chat, 'retried')) === 'queue') return;
    }
  }

  /** Tells the site's waiting visitors their place in line (gateways pick each visitor's own). */
  async publishQueue(siteId: string): Promise<void> {
    const waiting = await this.#options.queue.waiting(siteId);
    presenceMetrics.waitingChats().labels(siteId).set(waiting.length);
    if (waiting.length === 0) return;
    const [duty, eligibleFor] = await Promise.all([
      this.#options.duty.get(siteId),
      this.#options.routing.eligibleFor(siteId),
    ]);
    const eligibleAgents: Record<string, number> = {};
    for (const chat of waiting) {
      eligibleAgents[chat.conversationId] = eligibleFor(chat.departmentId).length;
    }
    const notice: QueueChanged = {
      siteId,
      positions: queuePositions(waiting),
      eligibleAgents,
      slaSeconds: duty.slaSeconds,
    };
    this.#options.bus.publish(queueSubject(siteId), notice);
  }

  /** Routes one chat and has chat record where it went; returns the outcome. */
  private async route(
    chat: QueuedChat,
    cause: Cause,
    previousAgentId?: string,
  ): Promise<'ring' | 'assign' | 'queue'> {
    const { routing, queue, bus } = this.#options;
    const { siteId, conversationId, departmentId } = chat;
    const result = await routing.route({
      siteId,
      conversationId,
      ...(departmentId === undefined ? {} : { departmentId }),
    });
    const agentIds =
      result.kind === 'assign' && result.agentId ? [result.agentId] : (result.ring ?? []);
    const assignedTo =
      result.kind === 'assign' && result.agentId
        ? await this.#actorOf(siteId, result.agentId)
        : undefined;
    const recorded = await bus.request('chat.record-routing', {
      siteId,
      conversationId,
      cause,
      mode: result.mode,
      outcome: result.kind,
      agentIds,
      verdicts: result.verdicts,
      ...(assignedTo ? { assignedTo } : {}),
      ...(previousAgentId === undefined ? {} : { previousAgentId }),
      ...(departmentId === undefined ? {} : { department: departmentId }),
    });
    const reserved = result.kind === 'assign' && !result.duplicate;
    if (!recorded.open) {
      // Closed meanwhile (or its close was handled before a late redelivery of its start):
      // forget it, freeing a slot reserved for it just now.
      await queue.forget(siteId, conversationId);
    } else if (reserved && !recorded.applied) {
      // Claimed by someone else first: drop this reservation; the claim's event sets theirs.
      await routing.release({ siteId, conversationId });
    } else {
      await queue.park(siteId, conversationId, result.kind === 'queue');
    }
    if (reserved) this.#options.onLoadsChanged(siteId);
    this.#queueNotices.soon(siteId);
    return result.kind;
  }

  async #actorOf(siteId: string, agentId: string) {
    const agents = await this.#options.readAgents(siteId);
    const name = agents.find((agent) => agent.agentId === agentId)?.name || agentId;
    return { kind: 'agent' as const, id: agentId, name };
  }
}
