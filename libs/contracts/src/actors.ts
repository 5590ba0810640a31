import { z } from 'zod';
import { Id } from './ids.js';
import { NAME_MAX } from './limits.js';

/** Who did something. Visitor names are free text typed by the visitor: always escape on display. */
export const VisitorActor = z.object({
  kind: z.literal('visitor'),
  id: Id,
  name: z.string().max(NAME_MAX).optional(),
});
export const AgentActor = z.object({
  kind: z.literal('agent'),
  id: Id,
  name: z.string().min(1).max(NAME_MAX),
});
export const SystemActor = z.object({ kind: z.literal('system'), id: z.string().min(1).max(64) });
export const Actor = z.discriminatedUnion('kind', [VisitorActor, AgentActor, SystemActor]);

export type VisitorActor = z.infer<typeof VisitorActor>;
export type AgentActor = z.infer<typeof AgentActor>;
export type SystemActor = z.infer<typeof SystemActor>;
export type Actor = z.infer<typeof Actor>;
