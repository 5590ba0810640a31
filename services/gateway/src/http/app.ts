import express, { type NextFunction, type Request, type Response } from 'express';
import {
  ConversationEventsQuery,
  ConversationsQuery,
  Login,
  RateLimitedError,
  SapaError,
  ValidationError,
  toSapaError,
  type AgentIdentity,
  type TokenGrant,
} from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { clientIp } from '../client-ip.js';
import { isAllowedOrigin } from '../origins.js';
import type { KeyedRateLimiter } from '../rate-limit.js';
import type { AgentClaims, TokenService } from '../tokens.js';
import { dutyRouter } from './duty.routes.js';
import { parseRequest } from './parse-request.js';
import { siteSettingsRouter, widgetConfigRouter } from './site-settings.routes.js';
import { staticAssets, type StaticAssets } from './static.js';
import { ticketsRouter } from './tickets.routes.js';

export interface HttpDeps {
  readonly bus: Bus;
  readonly tokens: TokenService;
  readonly loginLimiter: KeyedRateLimiter;
  readonly dashboardOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly agentTokenTtlSeconds: number;
  readonly logger: Logger;
  /** The dashboard, widget and demo files (static.ts); absent in API-only tests. */
  readonly assets?: StaticAssets;
}

type AuthedRequest = Request & { agent?: AgentClaims };

/** The REST API under /api/v1 (docs/protocol.md). Static assets join in a later issue. */
export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders);
  app.use('/api', cors(deps.dashboardOrigins));
  app.use('/api', express.json({ limit: '16kb' }));

  const issue = async (agent: Omit<AgentClaims, 'typ'>): Promise<TokenGrant> => ({
    token: await deps.tokens.signAgent(agent),
    expiresIn: deps.agentTokenTtlSeconds,
    agent: identityOf(agent),
  });

  app.post('/api/v1/auth/login', async (req, res) => {
    if (!deps.loginLimiter.take(clientIp(req, deps.trustProxy))) {
      throw new RateLimitedError('too many login attempts, wait a minute');
    }
    const credentials = parseRequest(Login, req.body);
    const { agent } = await deps.bus.request('directory.login', credentials);
    res.json(
      await issue({ sub: agent.agentId, site: agent.siteId, name: agent.name, role: agent.role }),
    );
  });

  // Public (the widget calls it before any socket), so mounted before the token check.
  app.use('/api/v1/widget', widgetConfigRouter(deps.bus));

  const authed = express.Router();
  authed.use((req: AuthedRequest, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    deps.tokens.verifyAgent(token).then((agent) => {
      req.agent = agent;
      next();
    }, next);
  });

  authed.post('/auth/refresh', async (req: AuthedRequest, res) => {
    const agent = agentOf(req);
    res.json(await issue({ sub: agent.sub, site: agent.site, name: agent.name, role: agent.role }));
  });

  authed.get('/me', (req: AuthedRequest, res) => {
    const agent = agentOf(req);
    res.json(identityOf(agent));
  });

  authed.get('/conversations', async (req: AuthedRequest, res) => {
    const query = parseRequest(ConversationsQuery, req.query);
    res.json(
      await deps.bus.request('chat.list-conversations', { siteId: agentOf(req).site, ...query }),
    );
  });

  authed.get('/conversations/:conversationId/events', async (req: AuthedRequest, res) => {
    const params = parseRequest(ConversationEventsQuery, { ...req.query, ...req.params });
    res.json(
      await deps.bus.request('chat.read-conversation', {
        siteId: agentOf(req).site,
        conversationId: params.conversationId,
        afterVersion: params.after,
      }),
    );
  });

  authed.use('/site', siteSettingsRouter(deps.bus, agentOf));
  authed.use('/site', dutyRouter(deps.bus, agentOf));

  authed.use(ticketsRouter(deps.bus, agentOf));
  app.use('/api/v1', authed);
  app.use('/api', (_req, _res, next) => next(new SapaError('not_found', 'no such endpoint')));
  if (deps.assets) app.use(staticAssets(deps.assets));
  app.use(errorHandler(deps.logger));
  return app;
}

function agentOf(req: AuthedRequest): AgentClaims {
  if (!req.agent) throw new SapaError('unauthorized', 'authentication required');
  return req.agent;
}

function identityOf(agent: Omit<AgentClaims, 'typ'>): AgentIdentity {
  return { agentId: agent.sub, siteId: agent.site, name: agent.name, role: agent.role };
}

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Lets the dashboard call the API from its allowed origins; nothing else gets CORS headers. */
function cors(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin !== undefined && isAllowedOrigin(origin, allowed)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}

function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const bodyError = error as { type?: string; status?: number };
    const sapaError =
      bodyError.type === 'entity.too.large'
        ? new SapaError('payload_too_large', 'request body too large')
        : bodyError.type === 'entity.parse.failed'
          ? new ValidationError('request body is not valid JSON')
          : toSapaError(error);
    if (sapaError.code === 'internal') logger.error({ err: error }, 'request failed');
    res.status(sapaError.status).json({ error: sapaError.toWire() });
  };
}
