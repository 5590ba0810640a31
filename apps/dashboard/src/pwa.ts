import { useEffect, useState } from 'react';

/**
 * The installed-app side of the dashboard (docs/dashboard.md "Install as an app"): the
 * service worker that keeps the app shell for offline starts and shows notifications, and
 * whether the browser has a network.
 */
let registration: ServiceWorkerRegistration | undefined;
const clickHandlers = new Map<string, () => void>();

/** Registers /dashboard/sw.js (built code only: the dev server has no service worker). */
export function registerServiceWorker(scope = '/dashboard/'): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown; tag?: unknown } | null;
    if (data?.type !== 'notification-click' || typeof data.tag !== 'string') return;
    clickHandlers.get(data.tag)?.();
  });
  navigator.serviceWorker
    .register(`${scope}sw.js`, { scope })
    .then((registered) => {
      registration = registered;
    })
    .catch(() => undefined); // Without it the dashboard works online as before.
}

/**
 * Shows a notification through the service worker; false when there is none (the caller
 * then falls back to `new Notification`). A click runs `onClick` in this tab.
 */
export function showWorkerNotification(
  title: string,
  options: { body: string; tag: string },
  onClick: () => void,
): boolean {
  if (!registration?.active) return false;
  clickHandlers.set(options.tag, onClick);
  registration.showNotification(title, options).catch(() => undefined);
  return true;
}

/** Whether the browser says it has a network; follows the online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
