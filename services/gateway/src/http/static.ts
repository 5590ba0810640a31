import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Response } from 'express';

/** Where the browser apps' builds are, and what the demo pages need to know. */
export interface StaticAssets {
  /** The repository's apps/ folder: dashboard/dist, widget/dist and demo/ inside it. */
  readonly appsDir: string;
  /** The site key the demo pages embed (DEMO_SITE_KEY); without it the demo says how to set it. */
  readonly demoSiteKey?: string | undefined;
}

/**
 * The dashboard's policy: nothing but its own scripts, styles and the same-origin API and
 * socket ('self' covers ws/wss to the same host). No inline script or style can run, so a
 * visitor's text that somehow became markup still could not execute.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "font-src 'self'",
  // The installable app: its service worker (/dashboard/sw.js) and web manifest.
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Hashed build outputs (name-<hash>.js) never change under the same name. */
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(?:js|css|map|woff2?|svg|png)$/;

/** Files of the build that must never be answered with index.html (a stale worker would stick). */
const NOT_PAGES = new Set(['/dashboard/sw.js', '/dashboard/manifest.webmanifest']);

/**
 * Static files served by the gateway (docs/dashboard.md): the dashboard SPA under
 * /dashboard/ with an index.html fallback, the widget loader and its lazily loaded parts,
 * and the demo pages with a generated /demo/config.js.
 */
export function staticAssets(assets: StaticAssets): express.Router {
  const router = express.Router();
  const dashboardDir = path.join(assets.appsDir, 'dashboard', 'dist');
  const widgetDir = path.join(assets.appsDir, 'widget', 'dist');
  const demoDir = path.join(assets.appsDir, 'demo');

  router.get('/', (_req, res) => res.redirect(302, '/dashboard/'));

  dashboardRoutes(router, dashboardDir);

  // ---- widget -------------------------------------------------------------------------
  router.get('/widget.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendFile(res, path.join(widgetDir, 'widget.js'));
  });
  // The loader fetches its lazily loaded parts from /widget/… = apps/widget/dist/widget/….
  router.use(
    '/widget',
    express.static(path.join(widgetDir, 'widget'), {
      index: false,
      setHeaders: (res, file) => {
        // Host pages load these cross-origin; allow that even under a host's COEP.
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
        res.setHeader(
          'Cache-Control',
          HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
        );
      },
    }),
  );

  router.use('/widget', (_req, res) => {
    res.status(404).type('text/plain').send('not found');
  });

  // ---- demo site ----------------------------------------------------------------------
  router.get('/demo/config.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/javascript').send(demoConfigScript(assets));
  });
  // express.static itself redirects /demo to /demo/ and serves index.html there.
  router.use(
    '/demo',
    express.static(demoDir, { setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }),
  );
  return router;
}

/** The dashboard SPA under /dashboard/: its files, the service worker, and index.html for its URLs. */
function dashboardRoutes(router: express.Router, dashboardDir: string): void {
  router.use('/dashboard', (req, res, next) => {
    if (req.path === '/' && req.originalUrl.split('?')[0] === '/dashboard') {
      res.redirect(301, '/dashboard/');
      return;
    }
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    next();
  });
  router.use(
    '/dashboard',
    express.static(dashboardDir, {
      index: false,
      setHeaders: (res, file) => {
        res.setHeader(
          'Cache-Control',
          HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        // The service worker: always revalidated (no-cache above), scoped to the dashboard.
        if (path.basename(file) === 'sw.js') res.setHeader('Service-Worker-Allowed', '/dashboard/');
        if (file.endsWith('.webmanifest')) res.type('application/manifest+json');
      },
    }),
  );
  // The app's URLs (/dashboard/conversations/<id>, /dashboard/tickets/<id>, /dashboard/history …;
  // docs/dashboard.md) and reloads land on index.html; a missing asset stays a 404.
  router.get(/^\/dashboard(?:\/.*)?$/, (req, res) => {
    if (req.path.startsWith('/dashboard/assets/') || NOT_PAGES.has(req.path)) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    sendIndex(
      res,
      path.join(dashboardDir, 'index.html'),
      'the dashboard is not built: run `npm run build`',
    );
  });
}

/** The demo pages read their site key from here; JSON.stringify keeps any value inert in JS. */
export function demoConfigScript(assets: Pick<StaticAssets, 'demoSiteKey'>): string {
  // The pages are served by this gateway, so the widget loads from (and talks to) the same origin.
  const json = JSON.stringify({ siteKey: assets.demoSiteKey ?? null }).replace(/</g, '\\u003c');
  return `window.SAPA_DEMO = ${json};\n`;
}

function sendIndex(res: Response, file: string, missing: string): void {
  if (!existsSync(file)) {
    res.status(503).type('text/plain').send(missing);
    return;
  }
  res.setHeader('Cache-Control', 'no-cache');
  res.sendFile(file);
}

function sendFile(res: Response, file: string): void {
  if (!existsSync(file)) {
    res.status(404).type('text/plain').send('not found (is the widget built? run `npm run build`)');
    return;
  }
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.sendFile(file);
}
