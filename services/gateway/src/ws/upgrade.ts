import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  Id,
  PROTOCOL_NAME,
  SapaError,
  UnauthorizedError,
  newId,
  toSapaError,
  ForbiddenError,
  RateLimitedError,
  NotFoundError,
  ValidationError,
  type SitePublic,
} from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { clientIp } from '../client-ip.js';
import { isAllowedOrigin } from '../origins.js';
import type { KeyedRateLimiter } from '../rate-limit.js';
import type { SiteCache } from '../site-cache.js';
import type { AgentClaims, TokenService } from '../tokens.js';
import { ClientSocket } from './client-socket.js';

/** Token sent as a WebSocket subprotocol (`sapa.token.<token>`), so it stays out of URLs and logs. */
const TOKEN_PROTOCOL_PREFIX = 'sapa.token.';

export interface UpgradeDeps {
  readonly tokens: TokenService;
  readonly sites: SiteCache;
  readonly connectLimiter: KeyedRateLimiter;
  readonly dashboardOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly hardMaxFrameBytes: number;
  readonly sendBufferLimit: number;
  readonly logger: Logger;
  /** Called once a visitor socket is authenticated and open. */
  readonly onVisitor: (
    ws: WebSocket,
    socket: ClientSocket,
    site: SitePublic,
    visitorId: string,
    token: string,
    request: IncomingMessage,
    /** False when the visitor id was minted for this very socket (no token came with it). */
    returning: boolean,
  ) => void;
  readonly onAgent: (ws: WebSocket, socket: ClientSocket, agent: AgentClaims) => void;
}

/**
 * Authenticates every WebSocket upgrade before the handshake completes: a refused client
 * gets a plain HTTP error (401, 403, 404, 429) and never a socket.
 */
export function createUpgradeHandler(deps: UpgradeDeps) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.hardMaxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_NAME) ? PROTOCOL_NAME : false),
  });

  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, ip: string) =>
    new Promise<{ ws: WebSocket; client: ClientSocket }>((resolve) => {
      wss.handleUpgrade(request, socket, head, (ws) => {
        resolve({ ws, client: new ClientSocket(ws, ip, deps.sendBufferLimit) });
      });
    });

  const handle = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const ip = clientIp(request, deps.trustProxy);
    if (!deps.connectLimiter.take(ip))
      throw new RateLimitedError('too many connections from this address');
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    const origin = request.headers.origin;
    const token = tokenOf(request, url);

    if (url.pathname === '/ws/visitor') {
      const siteKey = Id.safeParse(url.searchParams.get('site'));
      if (!siteKey.success) throw new ValidationError('missing or malformed site key');
      const site = await deps.sites.bySiteKey(siteKey.data).catch((error: unknown) => {
        throw error instanceof NotFoundError ? new NotFoundError('unknown site') : error;
      });
      if (!isAllowedOrigin(origin, site.allowedOrigins))
        throw new ForbiddenError('origin not allowed for this site');
      let visitorId: string;
      let visitorToken: string;
      if (token === undefined) {
        visitorId = newId();
        visitorToken = await deps.tokens.signVisitor({ sub: visitorId, site: site.siteId });
      } else {
        const claims = await deps.tokens.verifyVisitor(token);
        if (claims.site !== site.siteId)
          throw new UnauthorizedError('token belongs to another site');
        visitorId = claims.sub;
        visitorToken = token;
      }
      const { ws, client } = await accept(request, socket, head, ip);
      deps.onVisitor(ws, client, site, visitorId, visitorToken, request, token !== undefined);
      return;
    }
    if (url.pathname === '/ws/agent') {
      if (!isAllowedOrigin(origin, deps.dashboardOrigins))
        throw new ForbiddenError('origin not allowed');
      const agent = await deps.tokens.verifyAgent(token);
      const { ws, client } = await accept(request, socket, head, ip);
      deps.onAgent(ws, client, agent);
      return;
    }
    throw new NotFoundError('no such endpoint');
  };

  return {
    /** The HTTP server's `upgrade` listener. */
    onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy());
      handle(request, socket, head).catch((error: unknown) => {
        const sapaError = toSapaError(error);
        if (!(error instanceof SapaError)) deps.logger.error({ err: error }, 'upgrade failed');
        refuse(socket, sapaError);
      });
    },
    close: () => wss.close(),
  };
}

function tokenOf(request: IncomingMessage, url: URL): string | undefined {
  const protocols = request.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const protocol of protocols.split(',')) {
      const trimmed = protocol.trim();
      if (trimmed.startsWith(TOKEN_PROTOCOL_PREFIX))
        return trimmed.slice(TOKEN_PROTOCOL_PREFIX.length);
    }
  }
  return url.searchParams.get('token') ?? undefined;
}

/** Answers a refused upgrade with a plain HTTP error and closes the connection. */
function refuse(socket: Duplex, error: SapaError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: error.toWire() });
  socket.end(
    `HTTP/1.1 ${error.status} ${statusText(error.status)}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const statusText = (status: number): string =>
  ({
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
  })[status] ?? 'Error';
