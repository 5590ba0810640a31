import {
  WIDGET_VERSION,
  type QueuedCall,
  type SapaApi,
  type SapaGlobal,
  type WidgetConfig,
} from './shared.js';

/**
 * widget.js, the embed: `<script async src="https://chat.example/widget.js" data-sapa-site="KEY">`.
 * Defines the one global `window.Sapa` (calls are queued until the chat UI arrives) and, once
 * the page has loaded, fetches the chat UI (widget/chat.js) from where this script came from.
 * It touches nothing else on the page and never throws into it.
 */
(function load() {
  try {
    const w = window as unknown as { Sapa?: SapaGlobal };
    if (w.Sapa?._config) return; // the snippet is on the page twice
    const script =
      (document.currentScript as HTMLScriptElement | null) ??
      document.querySelector<HTMLScriptElement>('script[data-sapa-site]');
    const siteKey = script?.dataset.sapaSite;
    if (!script || !siteKey) return;
    const src = new URL(script.src, location.href);
    const config: WidgetConfig = {
      siteKey,
      server: script.dataset.sapaServer ?? src.origin,
      assets: new URL('widget/', src).href,
      language: script.dataset.sapaLang,
    };
    const queue: QueuedCall[] = [];
    const stub =
      (name: keyof SapaApi) =>
      (...args: unknown[]) => {
        queue.push([name, args]);
      };
    // A page may have defined `window.Sapa = { ... }` before the snippet: keep its queue calls.
    const earlier = (w.Sapa as unknown as { q?: QueuedCall[] } | undefined)?.q ?? [];
    queue.push(...earlier);
    const sapa: SapaGlobal = {
      open: stub('open'),
      close: stub('close'),
      toggle: stub('toggle'),
      setName: stub('setName'),
      setEmail: stub('setEmail'),
      setAttributes: stub('setAttributes'),
      setLanguage: stub('setLanguage'),
      on: stub('on'),
      off: stub('off'),
      version: WIDGET_VERSION,
      _config: config,
      _queue: queue,
    };
    w.Sapa = sapa;

    const inject = () => {
      const chat = document.createElement('script');
      chat.async = true;
      chat.src = `${config.assets}chat.js?v=${WIDGET_VERSION}`;
      if (script.nonce) chat.nonce = script.nonce;
      document.head.appendChild(chat);
    };
    // The chat UI waits for the host page: it never competes with the page's own loading.
    if (document.readyState === 'complete') inject();
    else addEventListener('load', inject, { once: true });
  } catch {
    // Never break the host page.
  }
})();
