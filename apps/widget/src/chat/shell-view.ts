import type { Catalog } from '../i18n/catalog.js';
import type { ConversationState } from './conversation.reducer.js';
import { formStage, type Department, type DepartmentOption } from './departments.js';
import type { WidgetSettings } from '@sapa/contracts';

/** What the visitor can do; the widget decides what it means. */
export interface ShellActions {
  toggle(open: boolean): void;
  send(text: string): void;
  typing(): void;
  endChat(): Promise<void>;
  newChat(): void;
  startChat(values: Record<string, string>): Promise<void>;
  leaveOffline(values: Record<string, string>): Promise<void>;
  /** From the offline form of an offline department back to the pre-chat form. */
  chooseAgain(): void;
  rate(rating: 'good' | 'bad', comment: string): Promise<void>;
  transcript(email: string): Promise<void>;
}

/** What the window's body shows: a form, the chat (composer), or the cards after it. */
export type Stage = 'prechat' | 'offline' | 'chat' | 'ended';

/** Name and e-mail the visitor gave (forms, `Sapa.setName` / `setEmail`): they fill empty fields. */
export interface ViewIdentity {
  readonly name: string | undefined;
  readonly email: string | undefined;
}

/** Everything the shell shows, recomputed by the widget on each change. */
export interface ShellView {
  readonly t: Catalog;
  readonly language: string;
  readonly settings: WidgetSettings;
  readonly greeting: string;
  readonly stage: Stage;
  readonly hidden: boolean;
  readonly canEnd: boolean;
  readonly identity: ViewIdentity;
  readonly restoreOpen: boolean;
  /** The department select's entries; empty: no select (none or one department). */
  readonly departments: readonly DepartmentOption[];
  /** The offline department whose pick led to the offline form, if that is why it shows. */
  readonly offlinePick: { readonly departmentId: string; readonly name: string } | undefined;
  /** The question typed into the pre-chat form, carried into the offline form and back. */
  readonly draft: string | undefined;
}

/** What decides the stage. */
export interface StageInput {
  readonly conversation: ConversationState;
  readonly siteOnline: boolean;
  readonly departments: readonly Department[];
  /** The offline department the visitor picked, if it is still one of the site's. */
  readonly offlinePick: string | undefined;
  readonly preChat: WidgetSettings['preChat'];
}

/**
 * The stage: the chat while a conversation is followed (its end cards once closed); without
 * one the offline form when nobody can answer ({@link formStage}), else the pre-chat form, or
 * straight to the composer when the form would ask nothing (every field off, no select).
 */
export function stageFor(input: StageInput): Stage {
  const { conversation, preChat } = input;
  if (conversation.ended) return 'ended';
  if (conversation.conversationId !== undefined) return 'chat';
  if (formStage(input) === 'offline') return 'offline';
  const asksNothing =
    preChat.name === 'off' &&
    preChat.email === 'off' &&
    preChat.question === 'off' &&
    input.departments.length < 2;
  return asksNothing ? 'chat' : 'prechat';
}

/** "Selamat pagi! <the site's greeting>", by the visitor's clock. */
export function greetingText(hello: string, siteGreeting: string): string {
  return siteGreeting ? `${hello}! ${siteGreeting}` : `${hello}!`;
}
