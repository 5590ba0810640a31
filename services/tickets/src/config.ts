import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv, outboxEnv } from '@sapa/platform';

const TicketsEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  ...outboxEnv,
});
export type TicketsConfig = z.output<typeof TicketsEnv>;

/** The tickets service's configuration, parsed once from the environment. */
export const loadTicketsConfig = (env?: Record<string, string | undefined>): TicketsConfig =>
  loadConfig(TicketsEnv, env);
