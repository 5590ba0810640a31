/** A chat as routing knows it: where it belongs and when it started. */
export interface QueuedChat {
  readonly siteId: string;
  readonly conversationId: string;
  /** ms since epoch; its place in line. */
  readonly startedAt: number;
  readonly departmentId?: string;
}

/**
 * Each waiting chat's place in line, counted within its department (a chat for "Sales" does
 * not wait behind one for "Support"). `waiting` is ordered first in line first. Pure.
 */
export function queuePositions(waiting: readonly QueuedChat[]): Record<string, number> {
  const seen = new Map<string, number>();
  const positions: Record<string, number> = {};
  for (const chat of waiting) {
    const line = chat.departmentId ?? '';
    const position = (seen.get(line) ?? 0) + 1;
    seen.set(line, position);
    positions[chat.conversationId] = position;
  }
  return positions;
}
