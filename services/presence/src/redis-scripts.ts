import { UnavailableError } from '@sapa/contracts';
import type { Redis } from 'ioredis';

/** Runs a defined Lua script: (keys, args) → its raw reply. */
export type ScriptRunner = (
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/** Defines a Lua script on the connection (EVALSHA with a fallback to EVAL) and returns its runner. */
export function defineScript(redis: Redis, name: string, lua: string): ScriptRunner {
  redis.defineCommand(name, { lua });
  const command = (
    redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>
  )[name];
  if (typeof command !== 'function') throw new Error(`ioredis did not define ${name}`);
  return (keys, args) => redisCall(command.call(redis, keys.length, ...keys, ...args));
}

/** A Redis call whose connection failure reaches callers as `unavailable` (script errors pass). */
export async function redisCall<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') throw error;
    throw new UnavailableError('presence store (redis) is unavailable', { cause: error });
  }
}
