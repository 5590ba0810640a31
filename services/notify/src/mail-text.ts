/**
 * Text hygiene for mail. Names, subjects and e-mail addresses come from visitors: they must
 * never add a header (CR/LF injection) nor markup (HTML injection).
 */

/** One header-safe line: CR, LF and other control characters become spaces, runs collapse. */
export function headerSafe(value: string, max = 200): string {
  const line = value
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** An address fit for an envelope and a To header, or null: one plain addr-spec, nothing else. */
export function safeAddress(value: string): string | null {
  const address = value.trim();
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/.test(
    address,
  ) && address.length <= 254
    ? address
    : null;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escaped text with line breaks kept. */
export const htmlParagraphs = (value: string): string =>
  escapeHtml(value).replaceAll('\n', '<br>\n');

/** The line Sapa puts above the quoted ticket mail; everything from it on is history. */
export const REPLY_ABOVE_MARKER = '##- reply above this line / balas di atas baris ini -##';

const QUOTE_HEADERS: readonly RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 1 Jan 2026 at 10:00, Ayu <a@b> wrote:"
  /^On\b.{0,300}\bwrote:\s*$/i,
  // Indonesian Gmail: "Pada Sen, 1 Jan 2026 pukul 10.00 Ayu <a@b> menulis:"
  /^Pada\b.{0,300}\bmenulis:\s*$/i,
  // Outlook
  /^-{2,}\s*(Original Message|Pesan Asli)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^(From|Dari):\s.+$/i,
];

/**
 * Keeps only what the visitor wrote above the quoted history. Rules, in order, on each line:
 * 1. Sapa's own marker line ends the reply;
 * 2. a quote header ("On … wrote:", "Pada … menulis:", "-----Original Message-----", an
 *    Outlook "From:" block or underscore rule) ends the reply;
 * 3. the signature delimiter "-- " ends the reply;
 * 4. lines starting with ">" are quoted text and dropped.
 * Trailing blank lines are trimmed. If nothing is left, the whole text is kept (better a
 * quoted reply than a lost one).
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (line.includes(REPLY_ABOVE_MARKER)) break;
    if (QUOTE_HEADERS.some((rule) => rule.test(line.trim()))) break;
    if (line === '-- ' || line === '--') break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const reply = kept.join('\n').trim();
  return reply.length > 0 ? reply : text.trim();
}
