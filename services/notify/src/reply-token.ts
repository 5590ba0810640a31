import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 16;

/**
 * Per-ticket reply addresses: reply+<ticketId>-<mac>@<domain>, mac = the first 16 hex digits of
 * HMAC-SHA256(secret, ticketId). Without the secret an address cannot be made up for another
 * ticket. The local part stays within 64 characters (ticket ids are at most 40 here).
 */
export class ReplyTokens {
  constructor(
    private readonly secret: string,
    readonly domain: string,
  ) {}

  address(ticketId: string): string {
    return `reply+${ticketId}-${this.mac(ticketId)}@${this.domain}`;
  }

  /** The ticket id of a genuine reply address (any case), or null. */
  ticketOf(address: string): string | null {
    const match = /^reply\+([A-Za-z0-9_]{1,40})-([0-9a-f]{16})@(.+)$/i.exec(address.trim());
    if (!match) return null;
    const [, ticketId = '', mac = '', domain = ''] = match;
    if (domain.toLowerCase() !== this.domain.toLowerCase()) return null;
    const expected = Buffer.from(this.mac(ticketId));
    const given = Buffer.from(mac.toLowerCase());
    return expected.length === given.length && timingSafeEqual(expected, given) ? ticketId : null;
  }

  private mac(ticketId: string): string {
    return createHmac('sha256', this.secret).update(ticketId).digest('hex').slice(0, MAC_LENGTH);
  }
}
