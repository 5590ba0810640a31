import { z } from 'zod';
import { commonEnv, loadConfig } from '@sapa/platform';

const PresenceEnv = z.object({
  ...commonEnv,
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  /** How long one heartbeat keeps an agent's socket alive; gateways beat well within it. */
  PRESENCE_TTL_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often lapsed agents are looked for and announced offline. */
  PRESENCE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  /**
   * How long an agent's closed socket still counts (a reload or a network blip reconnects
   * within it); after it the agent goes offline if no other socket lives. 0 = at once.
   */
  PRESENCE_DISCONNECT_GRACE_MS: z.coerce.number().int().min(0).default(15_000),
  /** Root of every presence key, so installations can share one Redis. */
  PRESENCE_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]+$/, 'may contain only letters, digits and "_:.-"')
    .default('sapa:presence'),
});
export type PresenceConfig = z.output<typeof PresenceEnv>;

/** The presence service's configuration, parsed once from the environment. */
export const loadPresenceConfig = (env?: Record<string, string | undefined>): PresenceConfig =>
  loadConfig(PresenceEnv, env);

/**
 * How long presence keys outlive the last heartbeat: two leases plus one sweep, so a sweep
 * always finds a lapsed agent's record to announce, yet a dead installation's keys still
 * vanish on their own.
 */
export const presenceKeyTtlMs = (config: PresenceConfig): number =>
  2 * config.PRESENCE_TTL_MS + config.PRESENCE_SWEEP_INTERVAL_MS;
