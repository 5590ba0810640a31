import { z } from 'zod';

/** Thrown at start-up when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once, with defaults and validation. Each service calls this from
 * its own `config.ts`; nothing else reads `process.env`.
 *
 * @example
 *   const config = loadConfig(z.object({ NATS_URL: z.string().default('nats://127.0.0.1:4222') }));
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('\n');
  throw new ConfigError(`invalid configuration:\n${problems}`);
}

/** Common environment entries, shared so every service spells them the same way. */
export const commonEnv = {
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the /health and /ready endpoints (0 = pick a free one). */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
};

export const mongoEnv = {
  MONGO_URL: z.string().min(1).default('mongodb://127.0.0.1:27017/'),
  MONGO_DB: z.string().min(1).max(60).default('sapa'),
  /**
   * Connections per MongoDB client. Small on purpose: FerretDB 1.24 on PostgreSQL hangs for
   * good when more updates run at once than its PostgreSQL pool has connections (see
   * docs/development.md), and several services share one FerretDB. Raise it for MongoDB.
   */
  MONGO_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(8),
};

/** The outbox relay of an event-sourced service (chat, tickets). */
export const outboxEnv = {
  /** How often the outbox relay looks for stored-but-unpublished events. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Events younger than this are left to their writer to publish. */
  OUTBOX_GRACE_MS: z.coerce.number().int().min(0).default(2000),
};
