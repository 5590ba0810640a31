import { en } from './en.js';
import { id } from './id.js';

/**
 * Every string the widget shows. A new language is one file exporting a `Catalog`
 * plus one line in {@link CATALOGS}. `{name}`-style placeholders are filled by {@link format}.
 */
export interface Catalog {
  readonly greetingMorning: string;
  readonly greetingAfternoon: string;
  readonly greetingEvening: string;
  readonly greetingNight: string;
  readonly openChat: string;
  readonly closeChat: string;
  readonly chatWindow: string;
  readonly messages: string;
  readonly typeMessage: string;
  readonly send: string;
  readonly sending: string;
  readonly sent: string;
  readonly delivered: string;
  readonly you: string;
  readonly agent: string;
  readonly typing: string;
  readonly someoneTyping: string;
  readonly joined: string;
  readonly waitingForAgent: string;
  /** Wait notice, first in line with an agent free: `{sla}` is a duration ("1 minute"). */
  readonly queueNext: string;
  /** Wait notice, further back in line with an agent free: no time promised. */
  readonly queueInLine: string;
  /** Wait notice, nobody free: no time promised, e-mail offered. */
  readonly queueBusy: string;
  readonly oneSecond: string;
  readonly seconds: string;
  readonly oneMinute: string;
  readonly minutes: string;
  readonly endChat: string;
  readonly endChatConfirm: string;
  readonly yes: string;
  readonly no: string;
  readonly chatEnded: string;
  readonly preChatIntro: string;
  readonly name: string;
  readonly email: string;
  readonly question: string;
  readonly optional: string;
  readonly required: string;
  readonly startChat: string;
  readonly fieldRequired: string;
  readonly invalidEmail: string;
  /** Label of the department select (sites with two departments or more). */
  readonly department: string;
  /** A select's empty first entry. */
  readonly choose: string;
  /** A department nobody can answer now: `{name}` is the department's name. */
  readonly departmentOffline: string;
  /** Title of the offline form reached by picking an offline department. */
  readonly departmentOfflineTitle: string;
  /** Back from that offline form to the pre-chat form. */
  readonly departmentBack: string;
  /** A required select left on its empty entry. */
  readonly pickOne: string;
  readonly rateTitle: string;
  readonly rateGood: string;
  readonly rateBad: string;
  readonly comment: string;
  readonly submitRating: string;
  readonly thanksRating: string;
  readonly transcriptTitle: string;
  readonly sendTranscript: string;
  readonly transcriptRequested: string;
  readonly newChat: string;
  readonly offlineTitle: string;
  readonly offlineIntro: string;
  readonly leaveMessage: string;
  readonly offlineThanks: string;
  readonly reconnecting: string;
  readonly failed: string;
  readonly error: string;
}

/** The languages the widget speaks. */
export const CATALOGS = { en, id } as const;
export type Language = keyof typeof CATALOGS;

/** True when `value` names a language we have a catalog for. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/**
 * Picks the language: the host page's choice first, then the site's setting, then the
 * browser's preference list (`id-ID` → `id`), else English.
 */
export function pickLanguage(
  hostChoice: string | undefined,
  siteSetting: string | undefined,
  browser: readonly string[],
): Language {
  for (const candidate of [hostChoice, siteSetting, ...browser]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Fills `{key}` placeholders. Values are plain text; the caller renders the result as text. */
export function format(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/**
 * The time-of-day greeting from the visitor's own clock: Indonesian usage splits the day into
 * pagi (until 11), siang (11–15), sore (15–18) and malam; English into morning, afternoon, evening.
 */
export function timeOfDayGreeting(catalog: Catalog, hour: number): string {
  if (hour >= 4 && hour < 11) return catalog.greetingMorning;
  if (hour >= 11 && hour < 15) return catalog.greetingAfternoon;
  if (hour >= 15 && hour < 18) return catalog.greetingEvening;
  return catalog.greetingNight;
}
