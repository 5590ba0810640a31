import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv } from '@sapa/platform';

const ChatEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  /** How often the outbox relay looks for stored-but-unpublished events. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Events younger than this are left to their writer to publish. */
  OUTBOX_GRACE_MS: z.coerce.number().int().min(0).default(2000),
});
export type ChatConfig = z.output<typeof ChatEnv>;

/** The chat service's configuration, parsed once from the environment. */
export const loadChatConfig = (env?: Record<string, string | undefined>): ChatConfig =>
  loadConfig(ChatEnv, env);
