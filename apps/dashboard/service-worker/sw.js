/* The dashboard's service worker (docs/dashboard.md "Install as an app"). The build
 * (vite.config.ts) replaces the two placeholders below: the files of the app shell and a
 * version that changes with them, so a new build installs a new cache and drops the old. */
const VERSION = '__SAPA_SW_VERSION__';
const SHELL = __SAPA_SW_SHELL__;
const PREFIX = 'sapa-dashboard-';
const CACHE = PREFIX + VERSION;
const SCOPE = new URL('./', self.location.href).pathname; // /dashboard/
const INDEX = SCOPE + 'index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([INDEX, ...SHELL.map((file) => SCOPE + file)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// Only the dashboard's own files: /api and /ws (and anything else) go to the network untouched.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith(SCOPE)) return;
  if (request.mode === 'navigate') {
    // Fresh when online; the cached shell when the network is gone (the app says it is offline).
    event.respondWith(
      fetch(request).catch(() => caches.match(INDEX).then((hit) => hit ?? Response.error())),
    );
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});

// A click on a notification brings the dashboard forward and lets the page open the chat.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const tag = event.notification.tag;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const target = windows.find((client) => new URL(client.url).pathname.startsWith(SCOPE));
      if (!target) return self.clients.openWindow(SCOPE);
      target.postMessage({ type: 'notification-click', tag });
      return target.focus();
    }),
  );
});
