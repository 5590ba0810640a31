import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLOSE_CODES, restartCloseReason } from '@sapa/contracts';
import type { Bus } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import type { GatewayConfig } from './config.js';
import { FanoutHub } from './fanout-hub.js';
import { gatewayMetrics } from './gateway-telemetry.js';
import { createHttpApp } from './http/app.js';
import { originOf } from './origins.js';
import { KeyedRateLimiter } from './rate-limit.js';
import { SiteCache } from './site-cache.js';
import { TokenService } from './tokens.js';
import { AgentSession } from './ws/agent-session.js';
import { visitorInfoFromHeaders } from './ws/live-visitor.js';
import { LiveVisitorBatcher } from './ws/live-visitor-batcher.js';
import type { SessionDeps } from './ws/session-deps.js';
import { SiteVisitors } from './ws/site-visitors.js';
import { createUpgradeHandler } from './ws/upgrade.js';
import { VisitorSession } from './ws/visitor-session.js';

export interface Gateway {
  readonly port: number;
  /** Open sockets right now. */
  readonly connections: () => number;
  /** Stops accepting, closes every socket with 1012 and a retry hint (clients reconnect elsewhere). */
  stop(): Promise<void>;
}

/**
 * Builds and starts the gateway: one HTTP server carrying the REST API and both WebSocket
 * endpoints, plus the timers that ping sockets and report agents to presence.
 */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export async function startGateway(
  config: GatewayConfig,
  bus: Bus,
  logger: Logger,
): Promise<Gateway> {
  const dashboardOrigins = [originOf(config.PUBLIC_URL), ...config.DASHBOARD_ORIGINS];
  const tokens = new TokenService(
    config.JWT_SECRET,
    config.AGENT_TOKEN_TTL_S,
    config.VISITOR_TOKEN_TTL_S,
  );
  const ipLimiter = new KeyedRateLimiter({
    ratePerSecond: config.IP_RATE_PER_S,
    burst: config.IP_RATE_BURST,
  });
  const connectLimiter = new KeyedRateLimiter({
    ratePerSecond: config.IP_CONNECT_RATE_PER_S,
    burst: config.IP_CONNECT_BURST,
  });
  const loginLimiter = new KeyedRateLimiter({
    ratePerSecond: config.LOGIN_RATE_PER_MIN / 60,
    burst: Math.max(1, Math.ceil(config.LOGIN_RATE_PER_MIN / 2)),
  });
  const hub = new FanoutHub(bus, logger.child({ module: 'fanout' }));
  // Sockets opened within 20 ms are registered together; a tick renews all in batches of 500.
  const liveVisitors = new LiveVisitorBatcher(bus, logger.child({ module: 'live-visitors' }), {
    windowMs: 20,
    timeoutMs: config.RPC_TIMEOUT_MS,
  });
  const deps: SessionDeps = {
    bus,
    hub,
    visitors: new SiteVisitors(hub),
    liveVisitors,
    logger,
    rpcTimeoutMs: config.RPC_TIMEOUT_MS,
    limits: {
      maxFrameBytes: config.MAX_FRAME_BYTES,
      socketRate: { ratePerSecond: config.SOCKET_RATE_PER_S, burst: config.SOCKET_RATE_BURST },
      ipLimiter,
    },
  };

  // Every open socket is one of these sessions. One shared close callback per kind, not a
  // close listener per socket (docs/performance.md).
  const agents = new Set<AgentSession>();
  const visitors = new Set<VisitorSession>();
  const open = gatewayMetrics.socketsOpen();
  const visitorClosed = (session: VisitorSession) => {
    visitors.delete(session);
    open.labels('visitor').set(visitors.size);
  };
  const agentClosed = (session: AgentSession) => {
    agents.delete(session);
    open.labels('agent').set(agents.size);
  };
  const sockets = function* () {
    for (const session of visitors) yield session.socket;
    for (const session of agents) yield session.socket;
  };

  const upgrades = createUpgradeHandler({
    tokens,
    sites: new SiteCache(bus, config.SITE_CACHE_TTL_MS),
    connectLimiter,
    dashboardOrigins,
    trustProxy: config.TRUST_PROXY,
    hardMaxFrameBytes: config.HARD_MAX_FRAME_BYTES,
    sendBufferLimit: config.SEND_BUFFER_LIMIT_BYTES,
    logger: logger.child({ module: 'upgrade' }),
    onVisitor: (ws, socket, site, visitorId, token, request, returning) => {
      const info = visitorInfoFromHeaders(request.headers);
      const session = new VisitorSession(deps, socket, site, visitorId, info, visitorClosed);
      visitors.add(session);
      open.labels('visitor').set(visitors.size);
      session.open(ws, token, returning).catch((error: unknown) => {
        logger.warn({ err: error }, 'visitor session failed to open');
        socket.close(CLOSE_CODES.goingAway, 'try again');
      });
    },
    onAgent: (ws, socket, agent) => {
      const session = new AgentSession(deps, socket, agent, agentClosed);
      agents.add(session);
      open.labels('agent').set(agents.size);
      session.open(ws).catch((error: unknown) => {
        logger.warn({ err: error }, 'agent session failed to open');
        socket.close(CLOSE_CODES.goingAway, 'try again');
      });
    },
  });

  const app = createHttpApp({
    bus,
    tokens,
    loginLimiter,
    dashboardOrigins,
    trustProxy: config.TRUST_PROXY,
    agentTokenTtlSeconds: config.AGENT_TOKEN_TTL_S,
    logger: logger.child({ module: 'http' }),
    assets: { appsDir: config.APPS_DIR, demoSiteKey: config.DEMO_SITE_KEY },
  });
  const server = http.createServer(httpServerOptions(config), app);
  server.on('upgrade', (request, socket, head) => upgrades.onUpgrade(request, socket, head));

  const heartbeat = setInterval(() => {
    for (const socket of sockets()) socket.checkAlive();
  }, config.HEARTBEAT_INTERVAL_MS);
  const presence = setInterval(() => {
    for (const session of agents) {
      session
        .heartbeat()
        .catch((error: unknown) => logger.warn({ err: error }, 'presence heartbeat failed'));
    }
    // Keeps each widget socket in the live-visitor list (failures are logged inside).
    for (const session of visitors) session.live.refresh();
    liveVisitors.flush();
  }, config.PRESENCE_HEARTBEAT_MS);
  const sweep = setInterval(() => {
    ipLimiter.sweep();
    connectLimiter.sweep();
    loginLimiter.sweep();
  }, 60_000);
  for (const timer of [heartbeat, presence, sweep]) timer.unref();

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    connections: () => visitors.size + agents.size,
    async stop() {
      for (const timer of [heartbeat, presence, sweep]) clearInterval(timer);
      liveVisitors.stopRenewals();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // 1012 with a retry hint: clients come back (with jitter) on another gateway.
      const reason = restartCloseReason(config.RESTART_RETRY_AFTER_MS);
      for (const socket of [...sockets()]) socket.close(CLOSE_CODES.serviceRestart, reason);
      upgrades.close();
      server.closeIdleConnections();
      await closed;
      // Before the bus drains (main.ts stops the gateway first): presence hears of every close.
      await liveVisitors.sendRemaining();
    },
  };
}

/** Explicit, not Node's defaults (60 s, 5 min): a client trickling its request is cut off. */
function httpServerOptions(config: GatewayConfig): http.ServerOptions {
  return {
    headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    // How often Node checks those timeouts (its default, 30 s, would let them overrun).
    connectionsCheckingInterval: Math.min(1_000, config.HTTP_HEADERS_TIMEOUT_MS),
  };
}
