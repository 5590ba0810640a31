import type { LooseClientEvent as ClientEvent } from '@sapa/contracts';
import { identifyVisitor } from '@sapa/domain';
import { obj, str } from './event-data.js';

/** A page the visitor opened, in order. */
export interface VisitedPage {
  readonly url: string;
  readonly title?: string;
  readonly at: string;
}

/** What the conversation's events tell an agent about the visitor. */
export interface VisitorProfile {
  name?: string;
  email?: string;
  verified: boolean;
  attributes: Record<string, string>;
  currentPage?: VisitedPage;
  pages: VisitedPage[];
  referrer?: string;
  device?: string;
  userAgent?: string;
  browser?: string;
  language?: string;
  timeZone?: string;
  question?: string;
  /** The department the visitor picked (its id; the panel shows the name when known). */
  department?: string;
  rating?: { rating: string; comment?: string };
  transcriptEmail?: string;
  minimized: boolean;
}

/** Folds a conversation's events into the visitor panel's facts; later events win. */
export function visitorProfile(events: readonly ClientEvent[]): VisitorProfile {
  const profile: VisitorProfile = { verified: false, attributes: {}, pages: [], minimized: false };
  for (const event of events) {
    const data = event.data;
    switch (event.type) {
      case 'ConversationStarted': {
        const preChat = obj(data, 'preChat');
        const page = obj(data, 'page');
        const info = obj(data, 'visitorInfo');
        profile.name = str(preChat, 'name') ?? profile.name;
        profile.email = str(preChat, 'email') ?? profile.email;
        profile.question = str(preChat, 'question');
        profile.department = str(data, 'department');
        const url = str(page, 'url');
        if (url) visit(profile, { url, title: str(page, 'title'), at: event.time });
        profile.referrer = str(info, 'referrer') ?? str(page, 'referrer');
        profile.device = str(info, 'device');
        profile.userAgent = str(info, 'userAgent');
        profile.browser = profile.userAgent ? browserOf(profile.userAgent) : undefined;
        profile.language = str(info, 'language');
        profile.timeZone = str(info, 'timeZone');
        break;
      }
      case 'VisitorNavigated': {
        const url = str(data, 'url');
        if (url) visit(profile, { url, title: str(data, 'title'), at: event.time });
        break;
      }
      case 'VisitorIdentified': {
        const identity = identifyVisitor(profile, {
          name: str(data, 'name'),
          email: str(data, 'email'),
          verified: data.verified === true,
        });
        profile.name = identity.name ?? undefined;
        profile.email = identity.email ?? undefined;
        profile.verified = identity.verified;
        // Attributes (plan, student id) are what the page adds, not who the visitor is: every
        // claim's are merged.
        const attributes = obj(data, 'attributes');
        for (const [key, value] of Object.entries(attributes)) {
          if (typeof value === 'string') profile.attributes[key] = value;
        }
        break;
      }
      case 'ConversationRated':
        profile.rating = { rating: str(data, 'rating') ?? '', comment: str(data, 'comment') };
        break;
      case 'TranscriptRequested':
        profile.transcriptEmail = str(data, 'email');
        break;
      case 'ChatWindowToggled':
        profile.minimized = data.minimized === true;
        break;
      default:
        break;
    }
  }
  return profile;
}

function visit(profile: VisitorProfile, page: VisitedPage): void {
  profile.pages.push(page);
  profile.currentPage = page;
}

/** A readable browser name from a user agent; good enough for a glance, not for logic. */
export function browserOf(userAgent: string): string {
  const rules: Array<[RegExp, string]> = [
    [/Edg\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/Chrome\/(\d+)/, 'Chrome'],
    [/Version\/(\d+).*Safari/, 'Safari'],
  ];
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : undefined;
  for (const [pattern, name] of rules) {
    const match = pattern.exec(userAgent);
    if (match) return `${name} ${match[1]}${os ? ` on ${os}` : ''}`;
  }
  return os ?? 'unknown browser';
}

/** The visitor's wall-clock time now, in their time zone (or undefined when unknown or invalid). */
export function localTime(timeZone: string | undefined, now = new Date()): string | undefined {
  if (!timeZone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
    }).format(now);
  } catch {
    return undefined;
  }
}

/** "5 min", "1 h 20 min": how long since `since` (epoch ms). */
export function durationSince(since: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - since) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
