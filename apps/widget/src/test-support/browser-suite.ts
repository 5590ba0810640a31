import { afterAll, beforeAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '@sapa/testkit';
import { startStack, type Stack } from '../../../../services/gateway/src/test-support/stack.js';

/** What a widget browser suite shares: one Sapa stack, one Chromium, cleanups for the end. */
export interface BrowserSuite {
  readonly stack: Stack;
  readonly browser: Browser;
  /** Runs `cleanup` after the suite (in reverse order of registration), before the stack stops. */
  defer(cleanup: () => Promise<unknown>): void;
}

/**
 * Registers the suite's hooks: the stack and the browser start together before it, and after it
 * the deferred cleanups run, then the browser and the stack stop. Every test logs in fresh
 * agents from one IP, so the login rate limit (10/min by default) is lifted.
 */
export function browserSuite(): BrowserSuite {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startStack({ LOGIN_RATE_PER_MIN: '1000' }),
      launchBrowser(),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: the ${what} is used before beforeAll`);
    return value;
  };
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get browser() {
      return started(browser, 'browser');
    },
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
}
