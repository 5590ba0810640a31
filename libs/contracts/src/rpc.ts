import type { z } from 'zod';

/** One entry of the RPC map (subjects.ts): a command's request and response schemas. */
export const rpc = <Q extends z.ZodType, R extends z.ZodType>(request: Q, response: R) => ({
  request,
  response,
});
