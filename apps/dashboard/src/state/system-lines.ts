import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import { obj, str } from './event-data.js';

/** How the timeline names an agent it only knows by id. */
export type NameOf = (agentId: string) => string;

const REASONS: Readonly<Record<string, string>> = {
  'not-online': 'not online',
  'at-limit': 'at their chat limit',
  'off-duty': 'off duty',
  'other-department': 'other department',
};

interface Verdict {
  readonly agentId: string;
  readonly activeChats?: number;
  readonly maxChats?: number;
  readonly excludedBecause?: string;
}

const list = (ids: readonly string[], nameOf: NameOf): string => ids.map(nameOf).join(', ');

function verdictsOf(data: Readonly<Record<string, unknown>>): Verdict[] {
  const raw = data.verdicts;
  return Array.isArray(raw)
    ? raw.filter(
        (entry): entry is Verdict =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as { agentId?: unknown }).agentId === 'string',
      )
    : [];
}

function idsOf(data: Readonly<Record<string, unknown>>, key: string): string[] {
  const raw = data[key];
  return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
}

/** `Ayu not online, Budi at their chat limit`: why the others were not rung. */
function excluded(verdicts: readonly Verdict[], nameOf: NameOf): string {
  return verdicts
    .filter((verdict) => verdict.excludedBecause !== undefined)
    .map(
      (verdict) =>
        `${nameOf(verdict.agentId)} ${REASONS[verdict.excludedBecause ?? ''] ?? verdict.excludedBecause}`,
    )
    .join(', ');
}

/** `ConversationRouted`: who was rung or assigned, and why; a requeue says whose chat it was. */
export function routedLine(data: Readonly<Record<string, unknown>>, nameOf: NameOf): string {
  const agentIds = idsOf(data, 'agentIds');
  const verdicts = verdictsOf(data);
  const others = excluded(verdicts, nameOf);
  const previous = str(data, 'previousAgentId');
  const prefix =
    data.cause === 'requeued'
      ? `Back in the queue: ${previous ? nameOf(previous) : 'the agent'} went offline; `
      : data.cause === 'retried'
        ? 'An agent became free: '
        : '';
  let what: string;
  switch (data.outcome) {
    case 'assign': {
      const id = agentIds[0] ?? '';
      const load = verdicts.find((verdict) => verdict.agentId === id);
      const detail =
        load?.activeChats !== undefined && load.maxChats !== undefined
          ? ` (least busy: ${load.activeChats} of ${load.maxChats} chats)`
          : ' (least busy)';
      what = `assigned to ${nameOf(id)}${detail}`;
      break;
    }
    case 'ring':
      what = `rang ${list(agentIds, nameOf)} (${data.mode === 'least-busy' ? 'least busy' : 'ring all'}${others ? `; not rung: ${others}` : ''})`;
      break;
    default:
      what = `nobody free, waiting in the queue${others ? ` (${others})` : ''}`;
  }
  const line = `${prefix}${what}`;
  return line.charAt(0).toUpperCase() + line.slice(1);
}

/** `ConversationEscalated`: the SLA passed, who was alerted. */
export function escalatedLine(data: Readonly<Record<string, unknown>>, nameOf: NameOf): string {
  const sla = typeof data.slaSeconds === 'number' ? data.slaSeconds : undefined;
  const waited = typeof data.waitedSeconds === 'number' ? `, waiting ${data.waitedSeconds} s` : '';
  const head = sla === undefined ? 'Not answered in time' : `Not answered within ${sla} s`;
  if (data.level === 'supervisors') return `${head}: alerted supervisors${waited}`;
  const ids = idsOf(data, 'agentIds');
  return `${head}: alerted ${ids.length > 0 ? list(ids, nameOf) : 'agents'} again${waited}`;
}

/** One-line descriptions of the non-message events; unknown types give undefined (skipped). */
export function systemLine(event: ClientEvent, nameOf: NameOf): string | undefined {
  const data = event.data;
  switch (event.type) {
    case 'ConversationStarted':
      return obj(data, 'startedBy').name
        ? `Chat started by ${str(obj(data, 'startedBy'), 'name')}`
        : 'Chat started';
    case 'ChatClaimed':
      return `${str(data, 'agentName') ?? 'An agent'} took the chat`;
    case 'AgentJoined':
      return `${str(data, 'agentName') ?? 'An agent'} joined`;
    case 'ConversationClosed':
      return obj(data, 'closedBy').kind === 'visitor'
        ? 'The visitor ended the chat'
        : 'Chat closed';
    case 'VisitorNavigated':
      return `Visitor opened ${str(data, 'title') ?? str(data, 'url') ?? 'a page'}`;
    case 'ChatWindowToggled':
      return data.minimized === true ? 'Visitor minimised the chat' : 'Visitor reopened the chat';
    case 'ConversationRated':
      return `Visitor rated the chat ${data.rating === 'good' ? 'good' : 'bad'}${str(data, 'comment') ? `: “${str(data, 'comment')}”` : ''}`;
    case 'TranscriptRequested':
      return `Visitor asked for the transcript by e-mail (${str(data, 'email') ?? ''})`;
    case 'VisitorIdentified':
      return `Visitor identified as ${str(data, 'name') ?? str(data, 'email') ?? 'someone'}${data.verified === true ? ' (verified)' : ''}`;
    case 'ConversationRouted':
      return routedLine(data, nameOf);
    case 'ConversationEscalated':
      return escalatedLine(data, nameOf);
    default:
      return undefined;
  }
}

/**
 * Agent names the dashboard has seen (claims, joins, agents' messages, list rows), so a
 * routing line can say "Ayu" rather than an id. An unknown agent is shown by a short id.
 */
export function agentNamesFrom(
  events: Iterable<ClientEvent>,
  known: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const names: Record<string, string> = { ...known };
  for (const event of events) {
    if (event.type === 'ChatClaimed' || event.type === 'AgentJoined') {
      const id = str(event.data, 'agentId');
      const name = str(event.data, 'agentName');
      if (id && name) names[id] = name;
    } else if (event.type === 'MessagePosted' || event.type === 'WhisperPosted') {
      const author = obj(event.data, 'author');
      const id = str(author, 'id');
      const name = str(author, 'name');
      if (author.kind === 'agent' && id && name) names[id] = name;
    }
  }
  return names;
}

/** A NameOf over a map: the name, else `agent 1a2b3c4d`. */
export const nameLookup =
  (names: Readonly<Record<string, string>>): NameOf =>
  (agentId) =>
    names[agentId] ?? `agent ${agentId.slice(0, 8)}`;
