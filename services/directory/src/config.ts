import { z } from 'zod';
import { commonEnv, loadConfig, mongoEnv } from '@sapa/platform';

/**
 * The directory service's configuration, read once from the environment. This file is the
 * only place in the service (and in the CLI) that reads `process.env`.
 */
export const DirectoryConfigSchema = z.object({ ...commonEnv, ...mongoEnv });
export type DirectoryConfig = z.output<typeof DirectoryConfigSchema>;

/** Parses the service's environment; throws ConfigError with every problem listed. */
export const loadDirectoryConfig = (
  env: Record<string, string | undefined> = process.env,
): DirectoryConfig => loadConfig(DirectoryConfigSchema, env);

/** What the `sapa` command-line tool reads from the environment. */
export const CliConfigSchema = z.object({
  NATS_URL: commonEnv.NATS_URL,
  /** The CLI's own logs go to stderr and stay quiet unless asked for. */
  LOG_LEVEL: commonEnv.LOG_LEVEL.removeDefault().default('warn'),
  /** Where the embed snippet loads widget.js from, unless --gateway-url says otherwise. */
  SAPA_GATEWAY_URL: z.url().default('http://localhost:8080'),
  /** How long one RPC may take before the CLI gives up. */
  SAPA_CLI_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});
export type CliConfig = z.output<typeof CliConfigSchema>;

/** Parses the CLI's environment; throws ConfigError with every problem listed. */
export const loadCliConfig = (env: Record<string, string | undefined> = process.env): CliConfig =>
  loadConfig(CliConfigSchema, env);
