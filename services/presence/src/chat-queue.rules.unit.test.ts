import { describe, expect, it } from '@jest/globals';
import { queuePositions, type QueuedChat } from './chat-queue.rules.js';

const chat = (conversationId: string, startedAt: number, departmentId?: string): QueuedChat => ({
  siteId: 's1',
  conversationId,
  startedAt,
  ...(departmentId === undefined ? {} : { departmentId }),
});

describe('queue positions', () => {
  it('counts each line separately: a chat for one department does not wait behind another', () => {
    expect(
      queuePositions([
        chat('a', 1),
        chat('b', 2, 'sd'),
        chat('c', 3),
        chat('d', 4, 'sd'),
        chat('e', 5, 'smp'),
      ]),
    ).toEqual({ a: 1, b: 1, c: 2, d: 2, e: 1 });
  });

  it('an empty line has no positions', () => {
    expect(queuePositions([])).toEqual({});
  });
});
