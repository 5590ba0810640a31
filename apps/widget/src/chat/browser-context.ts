import { LANGUAGE_MAX, PAGE_TITLE_MAX, TIME_ZONE_MAX, URL_MAX } from '@sapa/contracts';

/** What the widget reads from the host page and the browser, never changing either. */

/** The page the visitor is on, within the protocol's limits. */
export function currentPage(): { url: string; title?: string; referrer?: string } {
  return {
    url: location.href.slice(0, URL_MAX),
    ...(document.title ? { title: document.title.slice(0, PAGE_TITLE_MAX) } : {}),
    ...(document.referrer ? { referrer: document.referrer.slice(0, URL_MAX) } : {}),
  };
}

/** What only the browser knows; the gateway adds the user agent and device from the request. */
export function visitorInfo(): { language?: string; timeZone?: string } {
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  return {
    ...(navigator.language ? { language: navigator.language.slice(0, LANGUAGE_MAX) } : {}),
    ...(timeZone ? { timeZone: timeZone.slice(0, TIME_ZONE_MAX) } : {}),
  };
}

/**
 * Calls `changed` after every URL change without a page load (single-page apps). The history
 * methods are wrapped once, calling the originals first, so the host's routing behaves exactly
 * as before; back/forward and hash changes come as events.
 */
export function watchHistory(changed: () => void): void {
  for (const method of ['pushState', 'replaceState'] as const) {
    // Called below with the History object as `this`, exactly as the page would call it.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      dispatchEvent(new Event('sapa:navigate'));
      return result;
    };
  }
  // After the host's own handlers: the title is usually updated right after the URL.
  const later = () => setTimeout(changed, 0);
  addEventListener('sapa:navigate', later);
  addEventListener('popstate', later);
  addEventListener('hashchange', later);
}

/** A random client message id (`w-` + 24 hex digits). */
export function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `w-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** sessionStorage (this tab only) may be unavailable; then the state is simply not kept. */
export function readSession(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}
export function writeSession(key: string, value: string): void {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    // Not kept across pages then; harmless.
  }
}
