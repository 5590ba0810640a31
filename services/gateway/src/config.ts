import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commonEnv, loadConfig } from '@sapa/platform';

const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const GatewayEnv = z.object({
  ...commonEnv,
  /** HTTP + WebSocket port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Where browsers reach this gateway, e.g. https://chat.school.example (used for the dashboard origin). */
  PUBLIC_URL: z.url().default('http://localhost:8080'),
  /** Extra origins allowed to open /ws/agent and call the REST API (the PUBLIC_URL origin always is). */
  DASHBOARD_ORIGINS: csv,
  /** HMAC key for agent and visitor tokens; the same on every gateway pod. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  AGENT_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(15 * 60),
  VISITOR_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  /** Trust X-Forwarded-For from the ingress (only behind a proxy you control). */
  TRUST_PROXY: z.stringbool().default(false),
  /** Frames above this are refused with an error frame. */
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** Frames above this close the socket (1009): nobody legitimate sends them. */
  HARD_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** A socket whose unsent data exceeds this is closed as too slow (4008). */
  SEND_BUFFER_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** An HTTP client must have sent all its request headers within this (slowloris guard). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** An HTTP client must have sent its whole request within this (not longer than headers). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Ping interval; a socket that did not answer the previous ping is terminated. */
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Retry hint in the 1012 close on SIGTERM; clients wait this plus jitter, then reconnect. */
  RESTART_RETRY_AFTER_MS: z.coerce.number().int().min(0).max(30_000).default(500),
  /** How often agent connections are reported to presence. */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Per socket: sustained frames per second and burst. */
  SOCKET_RATE_PER_S: z.coerce.number().min(0.1).default(10),
  SOCKET_RATE_BURST: z.coerce.number().int().min(1).default(30),
  /** Per client IP, across its sockets: frames per second and burst. */
  IP_RATE_PER_S: z.coerce.number().min(0.1).default(50),
  IP_RATE_BURST: z.coerce.number().int().min(1).default(200),
  /** Per client IP: new WebSocket connections per second and burst. */
  IP_CONNECT_RATE_PER_S: z.coerce.number().min(0.1).default(5),
  IP_CONNECT_BURST: z.coerce.number().int().min(1).default(50),
  /** Per client IP: login attempts per minute. */
  LOGIN_RATE_PER_MIN: z.coerce.number().min(0.1).default(10),
  SITE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  /** Timeout for requests to the services behind the gateway. */
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** The apps/ folder holding dashboard/dist, widget/dist and demo/ (default: this repository's). */
  APPS_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../../apps', import.meta.url))),
  /** Site key the demo pages at /demo/ embed (scripts/run.sh sets it from the first site). */
  DEMO_SITE_KEY: z.string().min(1).optional(),
});
export type GatewayConfig = z.output<typeof GatewayEnv>;

/** The gateway's configuration, parsed once from the environment. */
export const loadGatewayConfig = (env?: Record<string, string | undefined>): GatewayConfig =>
  loadConfig(GatewayEnv, env);
