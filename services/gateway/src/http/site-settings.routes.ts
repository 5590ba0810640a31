import express, { type Request } from 'express';
import {
  ForbiddenError,
  Id,
  ValidationError,
  WidgetSettings,
  siteSettingsSubject,
  type SiteSettingsChanged,
} from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import { isAllowedOrigin } from '../origins.js';
import { SiteCache } from '../site-cache.js';
import type { AgentClaims } from '../tokens.js';
import { parseRequest, wrappedBody } from './parse-request.js';

/** Site lookups of the public widget config are cached this long (settings are never cached). */
const SITE_TTL_MS = 30_000;

/**
 * `GET /api/v1/widget/config?site=<siteKey>`: what the widget needs before it draws anything.
 * Public, but only for the site's own pages: a browser Origin outside the site's allowed
 * origins is refused, an allowed one gets CORS headers.
 */
export function widgetConfigRouter(bus: Bus): express.Router {
  const sites = new SiteCache(bus, SITE_TTL_MS);
  const router = express.Router();
  router.get('/config', async (req, res) => {
    const siteKey = Id.safeParse(req.query['site']);
    if (!siteKey.success) throw new ValidationError('missing or malformed site key');
    const site = await sites.bySiteKey(siteKey.data);
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!isAllowedOrigin(origin, site.allowedOrigins)) {
        throw new ForbiddenError('origin not allowed for this site');
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    const [{ settings }, availability] = await Promise.all([
      bus.request('directory.get-widget-settings', { siteId: site.siteId }),
      bus
        .request('presence.site-availability', { siteId: site.siteId }, { timeoutMs: 1000 })
        .catch(() => ({ online: false, departments: [] })),
    ]);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({
      siteName: site.name,
      settings,
      online: availability.online,
      departments: availability.departments,
    });
  });
  return router;
}

/**
 * `GET` and `PUT /api/v1/site/settings` for the dashboard, mounted on the authenticated
 * router. Any agent may read (the dashboard shows a preview); admins and supervisors may
 * save. A save is pushed at once to every widget of the site (`settings` frame).
 */
export function siteSettingsRouter(
  bus: Bus,
  agentOf: (req: Request) => AgentClaims,
): express.Router {
  const router = express.Router();
  router.get('/settings', async (req, res) => {
    res.json(await bus.request('directory.get-widget-settings', { siteId: agentOf(req).site }));
  });
  router.put('/settings', async (req, res) => {
    const agent = agentOf(req);
    if (agent.role !== 'admin' && agent.role !== 'supervisor') {
      throw new ForbiddenError('only admins and supervisors may change the widget settings');
    }
    // `{ settings: {...} }` is the documented body; a bare settings object is accepted too.
    const settings = parseRequest(
      WidgetSettings,
      wrappedBody(req, 'settings'),
      'invalid widget settings',
    );
    const saved = await bus.request('directory.update-widget-settings', {
      siteId: agent.site,
      settings,
    });
    const change: SiteSettingsChanged = { siteId: agent.site, settings: saved.settings };
    bus.publish(siteSettingsSubject(agent.site), change);
    res.json(saved);
  });
  return router;
}
