import type { IncomingHttpHeaders } from 'node:http';
import type { Bus } from '@sapa/bus';
import type { LiveVisitorInfo, LiveVisitorPage, VisitorDevice, VisitorSeen } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { BatchedVisitor, LiveVisitorBatcher } from './live-visitor-batcher.js';

/**
 * Guesses the device class from a user agent. Tablets first: iPads and Android tablets also
 * say "Mobile" or "Safari" in places, and a tablet shown as a phone misleads agents less
 * than the other way round.
 */
export function deviceOf(userAgent: string | undefined): VisitorDevice | undefined {
  if (!userAgent) return undefined;
  if (/iPad|Tablet|PlayBook|Silk|Kindle|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry|Opera Mini/i.test(userAgent)) {
    return 'mobile';
  }
  return 'desktop';
}

/** The first language of an Accept-Language header (`id-ID,id;q=0.9,en;q=0.8` → `id-ID`). */
export function primaryLanguage(acceptLanguage: string | undefined): string | undefined {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return first && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(first) ? first : undefined;
}

/** What the upgrade request says about the visitor's browser. */
export function visitorInfoFromHeaders(headers: IncomingHttpHeaders): LiveVisitorInfo {
  const userAgent = headers['user-agent']?.slice(0, 512);
  const device = deviceOf(userAgent);
  const language = primaryLanguage(headers['accept-language']);
  return {
    ...(userAgent ? { userAgent } : {}),
    ...(device ? { device } : {}),
    ...(language ? { language } : {}),
  };
}

/** What a visitor session reports to the registry; absent fields keep their value. */
export interface LiveVisitorUpdate {
  readonly page?:
    { url: string; title?: string | undefined; referrer?: string | undefined } | undefined;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  /** The open conversation; null once it closed. */
  readonly conversationId?: string | null | undefined;
}

/**
 * One visitor socket's entry in presence's live-visitor registry (the dashboard's live list).
 * The session reports what it learns (pages, identity, the open conversation); the gateway's
 * presence tick calls `refresh`; closing the socket calls `gone`. The registration on open and
 * the tick's renewals go out in batches (`LiveVisitorBatcher`); what the visitor does goes out
 * at once. Failures are logged, never thrown: the live list is a convenience and must not
 * break the visitor's chat.
 */
export class LiveVisitorRegistration implements BatchedVisitor {
  private page: LiveVisitorPage = { url: '' };
  private info: LiveVisitorInfo;
  private closed = false;
  /** Requests go one after another, so an older report never overwrites a newer one. */
  private queue: Promise<void> = Promise.resolve();
  /** Own requests and batches queued or in flight. */
  private pending = 0;
  /** Presence has not stored this socket yet: its next batch entry replaces, not renews. */
  private unregistered = true;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Logger,
    private readonly batcher: LiveVisitorBatcher,
    private readonly ids: { siteId: string; visitorId: string; connectionId: string },
    info: LiveVisitorInfo = {},
    private readonly timeoutMs = 2_000,
  ) {
    this.info = { ...info };
  }

  /** Registers the socket (on open) with what is known so far, in the next batch. */
  seen(update: LiveVisitorUpdate = {}): void {
    this.apply(update);
    this.batcher.add(this);
  }

  /**
   * Reports what the session learned: a page (`visitor.navigate`, or the page of
   * `conversation.start`), the visitor's name or e-mail (pre-chat form, `visitor.identify`),
   * the open conversation (null once it closed). One request per call.
   */
  update(update: LiveVisitorUpdate): Promise<void> {
    this.apply(update);
    return this.send();
  }

  /** Renews the lease in the next batch (the gateway's presence tick). */
  refresh(): void {
    if (!this.closed) this.batcher.add(this);
  }

  /**
   * The socket closed: reported in the next batch, after this socket's own requests and
   * batches. A socket presence never heard of (closed within the first batch window) is not.
   */
  gone(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.unregistered) return;
    void this.queue.then(() => this.batcher.leave(this.ids));
  }

  batchEntry(): VisitorSeen | undefined {
    if (this.closed || this.pending > 0) return undefined;
    // A renewal keeps what another tab reported later; the first report stores this one's.
    const refresh = !this.unregistered;
    this.unregistered = false;
    return { ...this.ids, page: this.page, info: this.info, ...(refresh ? { refresh } : {}) };
  }

  inBatch(sent: Promise<void>): void {
    // `sent` never rejects (the batcher logs its failures).
    void this.enqueue(() => sent, 'visitors-seen failed');
  }

  private apply(update: LiveVisitorUpdate): void {
    const { page } = update;
    if (page) {
      // A navigation without a referrer keeps the one the visit arrived with.
      const referrer = page.referrer || this.page.referrer;
      this.page = {
        url: page.url.slice(0, 2048),
        ...(page.title ? { title: page.title.slice(0, 500) } : {}),
        ...(referrer ? { referrer: referrer.slice(0, 2048) } : {}),
      };
    }
    if (update.name) this.info.name = update.name.slice(0, 120);
    if (update.email) this.info.email = update.email.slice(0, 254);
    if (update.conversationId === null) delete this.info.conversationId;
    else if (update.conversationId !== undefined) this.info.conversationId = update.conversationId;
  }

  /** Stores the whole current state now (it replaces what presence has for this socket). */
  private send(): Promise<void> {
    if (this.closed) return this.queue;
    this.unregistered = false;
    // The state is read when the request is built (in turn), so it is the latest one.
    return this.enqueue(async () => {
      await this.bus.request(
        'presence.visitor-seen',
        { ...this.ids, page: this.page, info: this.info },
        { timeoutMs: this.timeoutMs },
      );
    }, 'visitor-seen failed');
  }

  private enqueue(request: () => Promise<void>, failure: string): Promise<void> {
    this.pending += 1;
    this.queue = this.queue
      .then(request)
      .catch((error: unknown) => {
        this.logger.warn({ err: error, ...this.ids }, failure);
      })
      .finally(() => {
        this.pending -= 1;
      });
    return this.queue;
  }
}
