import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv } from '@sapa/platform';

const TicketsEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  /** How often the outbox relay looks for stored-but-unpublished events. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Events younger than this are left to their writer to publish. */
  OUTBOX_GRACE_MS: z.coerce.number().int().min(0).default(2000),
});
export type TicketsConfig = z.output<typeof TicketsEnv>;

/** The tickets service's configuration, parsed once from the environment. */
export const loadTicketsConfig = (env?: Record<string, string | undefined>): TicketsConfig =>
  loadConfig(TicketsEnv, env);
