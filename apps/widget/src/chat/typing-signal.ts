const REFRESH_MS = 3_000;
const IDLE_MS = 2_500;

/**
 * The visitor's typing indicator, sent sparingly: "typing" at most every 3 s while keys are
 * pressed, "stopped" after 2.5 s without a key or when the message is sent.
 */
export class TypingSignal {
  private sentAt = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  /** `send` answers whether the signal was accepted (no conversation, no line or refused: not). */
  constructor(private readonly send: (isTyping: boolean) => Promise<boolean>) {}

  /** A key was pressed in the composer. */
  input(): void {
    const now = Date.now();
    if (now - this.sentAt > REFRESH_MS) {
      this.sentAt = now;
      // Only an accepted signal keeps the quiet period, so typing that began before the
      // conversation was followed (or while offline) is announced with the next key.
      void this.send(true).then((accepted) => {
        if (!accepted && this.sentAt === now) this.sentAt = 0;
      });
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** The visitor stopped (or sent the message). */
  stop(): void {
    clearTimeout(this.idle);
    if (this.sentAt === 0) return;
    this.sentAt = 0;
    void this.send(false);
  }
}
