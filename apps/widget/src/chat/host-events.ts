import type { SapaEventName, SapaListener } from '../shared.js';

/**
 * The events a host page can listen to (`Sapa.on`). A listener that throws is the host's bug
 * and never breaks the widget; a late `loaded` listener is called at once.
 */
export class HostEvents {
  private readonly listeners = new Map<SapaEventName, Set<SapaListener>>();
  private loaded = false;

  on(event: SapaEventName, listener: SapaListener): void {
    if (typeof listener !== 'function') return;
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    if (event === 'loaded' && this.loaded) call(listener, {});
  }

  off(event: SapaEventName, listener: SapaListener): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit(event: SapaEventName, detail: unknown): void {
    if (event === 'loaded') this.loaded = true;
    for (const listener of this.listeners.get(event) ?? []) call(listener, detail);
  }
}

function call(listener: SapaListener, detail: unknown): void {
  try {
    listener(detail);
  } catch {
    // The host's bug, not ours; keep going.
  }
}
