import type { SapaApi, SapaGlobal } from '../shared.js';
import { ChatWidget } from './chat-widget.js';

/**
 * Entry of the lazily loaded chat bundle (widget/chat.js). The loader already created
 * `window.Sapa` with stubs that queue calls; here the stubs are replaced in place by the real
 * implementation and the queue is replayed, in order.
 */
function boot(): void {
  const sapa = (window as unknown as { Sapa?: SapaGlobal }).Sapa;
  const config = sapa?._config;
  if (!sapa || !config || sapa._booted) return;
  sapa._booted = true;
  const mount = document.createElement('div');
  mount.id = 'sapa-widget';
  document.body.appendChild(mount);
  const widget = new ChatWidget(config, mount);
  const api: Omit<SapaApi, 'version'> = {
    open: () => widget.open(),
    close: () => widget.close(),
    toggle: () => widget.toggle(),
    setName: (name) => widget.setName(name),
    setEmail: (email) => widget.setEmail(email),
    setAttributes: (attributes, hash) => widget.setAttributes(attributes, hash),
    setLanguage: (language) => widget.setLanguage(language),
    on: (event, listener) => widget.on(event, listener),
    off: (event, listener) => widget.off(event, listener),
  };
  Object.assign(sapa, api);
  const queue = sapa._queue ?? [];
  delete sapa._queue;
  // Listeners first, so a page's `on('loaded')` made before the load hears it.
  const ordered = [
    ...queue.filter(([name]) => name === 'on'),
    ...queue.filter(([name]) => name !== 'on'),
  ];
  for (const [name, args] of ordered) {
    // The real methods are arrow functions (see `api` above): no `this` to lose.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const method = sapa[name];
    if (typeof method === 'function') {
      try {
        (method as (...a: unknown[]) => void)(...args);
      } catch {
        // A bad call from the host page must not stop the others.
      }
    }
  }
  widget.start();
}

try {
  boot();
} catch {
  // Never break the host page: a widget that cannot start stays invisible.
}
