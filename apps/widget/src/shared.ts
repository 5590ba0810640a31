/**
 * What the loader (widget.js) and the chat bundle (widget/chat.js) share: the one global
 * object `window.Sapa`. The loader creates it with queueing stubs; the chat bundle replaces
 * the stubs in place (so references the host page kept stay valid) and replays the queue.
 */
export type SapaEventName = 'loaded' | 'chat-started' | 'chat-ended' | 'message';
export type SapaListener = (detail: unknown) => void;

/** The documented JavaScript API for host pages (docs/widget.md). */
export interface SapaApi {
  open(): void;
  close(): void;
  toggle(): void;
  setName(name: string): void;
  setEmail(email: string): void;
  /** Custom attributes; `hash` = hex HMAC-SHA256(site identity secret, email) marks them verified. */
  setAttributes(attributes: Record<string, string>, hash?: string): void;
  setLanguage(language: string): void;
  on(event: SapaEventName, listener: SapaListener): void;
  off(event: SapaEventName, listener: SapaListener): void;
  readonly version: string;
}

/** Where and how the loader found the widget. */
export interface WidgetConfig {
  readonly siteKey: string;
  /** The gateway origin (WebSocket and REST), by default the origin widget.js came from. */
  readonly server: string;
  /** Base URL of the lazily loaded files (`.../widget/`). */
  readonly assets: string;
  readonly language: string | undefined;
}

/** A call made before the chat bundle arrived. */
export type QueuedCall = readonly [keyof SapaApi, readonly unknown[]];

/** Internal fields on the global object; not part of the public API. */
export interface SapaInternals {
  _config?: WidgetConfig;
  _queue?: QueuedCall[];
  _booted?: boolean;
}

export type SapaGlobal = SapaApi & SapaInternals;

export const WIDGET_VERSION = '1.0.0';
