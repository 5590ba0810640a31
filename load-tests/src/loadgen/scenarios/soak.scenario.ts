// soak: a steady mix for a longer period — SOCKETS idle visitors held for HOLD_S seconds (the
// idle scenario) while VISITORS visitors chat with the agents at a gentle rate (the chat
// scenario) — so the bench can watch the gateway's memory over time. Same knobs as idle and
// chat; bounded like them.
import type { WorkerContext } from '../worker-context.js';
import { chat } from './chat.scenario.js';
import { idle } from './idle.scenario.js';

export async function soak(ctx: WorkerContext): Promise<void> {
  await Promise.all([idle(ctx), chat(ctx)]);
}
