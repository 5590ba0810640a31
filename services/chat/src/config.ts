import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv, outboxEnv } from '@sapa/platform';

const ChatEnv = z.object({
  ...commonEnv,
  ...mongoEnv,
  ...outboxEnv,
});
export type ChatConfig = z.output<typeof ChatEnv>;

/** The chat service's configuration, parsed once from the environment. */
export const loadChatConfig = (env?: Record<string, string | undefined>): ChatConfig =>
  loadConfig(ChatEnv, env);
