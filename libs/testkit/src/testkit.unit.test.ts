import { describe, expect, it } from '@jest/globals';
import { uniqueName, waitFor } from './index.js';

describe('uniqueName', () => {
  it('keeps the prefix and adds a random suffix of [a-z0-9]', () => {
    expect(uniqueName('events')).toMatch(/^events_[a-z0-9]{10}$/);
  });

  it('turns anything outside [a-z0-9_] into _ and stays within 38 characters', () => {
    const name = uniqueName('Chat.Service-Conversations/List with spaces and more');
    expect(name).toMatch(/^[a-z0-9_]+$/);
    expect(name.length).toBeLessThanOrEqual(38);
    expect(name.startsWith('chat_service_conversations_')).toBe(true);
  });

  it('never returns the same name twice in a thousand calls', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('t')));
    expect(names.size).toBe(1000);
  });

  it('still gives a usable name for an empty prefix', () => {
    expect(uniqueName('')).toMatch(/^t_[a-z0-9]{10}$/);
  });
});

describe('waitFor', () => {
  it('returns the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe('after 3');
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 30, intervalMs: 5, description: 'the moon' },
      ),
    ).rejects.toThrow(/timed out after 30 ms waiting for the moon: last error: not yet/);
  });
});
