import { REPLY_ABOVE_MARKER, escapeHtml, headerSafe, htmlParagraphs } from './mail-text.js';

/** Mail languages: English and Bahasa Indonesia. */
export type MailLanguage = 'en' | 'id';

/** The site a mail speaks for: its name and logo, never Sapa's. */
export interface SiteBrand {
  readonly name: string;
  /** https only (checked by the directory's settings schema); omitted when absent. */
  readonly logoUrl?: string | undefined;
}

export interface TranscriptEntry {
  readonly author: 'visitor' | 'agent';
  readonly name?: string | undefined;
  readonly text: string;
  readonly time: string;
}

/** Every mail Sapa sends, with what it needs. */
export type MailContent =
  | {
      readonly kind: 'ticket-received';
      readonly number: number;
      readonly requesterName: string;
      readonly question: string;
    }
  | {
      readonly kind: 'ticket-reply';
      readonly number: number;
      readonly subject: string;
      readonly agentName: string;
      readonly text: string;
    }
  | { readonly kind: 'transcript'; readonly lines: readonly TranscriptEntry[] }
  | {
      readonly kind: 'agent-new-ticket';
      readonly number: number;
      readonly requesterName: string;
      readonly requesterEmail: string;
      readonly question: string;
      readonly department?: string | undefined;
      readonly source: 'offline' | 'chat';
    };

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const WORDS = {
  en: {
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    receivedSubject: (n: number) => `We received your message [#${n}]`,
    receivedIntro: (n: number) =>
      `Thank you for your message. We have opened ticket #${n} and will answer you by e-mail as soon as we can.`,
    yourMessage: 'Your message:',
    replyHint: 'You can reply to this e-mail to add to your ticket.',
    replySubject: (n: number, subject: string) => `Re: ${subject} [#${n}]`,
    replyIntro: (agent: string, n: number) => `${agent} answered your ticket #${n}:`,
    transcriptSubject: (site: string) => `Your chat with ${site}`,
    transcriptIntro: 'Here is the transcript of your chat:',
    you: 'You',
    agent: 'Agent',
    agentSubject: (n: number, name: string) => `New ticket #${n} from ${name}`,
    agentIntro: (n: number, source: 'offline' | 'chat') =>
      source === 'offline'
        ? `A visitor left a message while nobody was online. Ticket #${n} is open.`
        : `A chat was converted into ticket #${n}.`,
    from: 'From',
    department: 'Department',
    footer: (site: string) => `Sent by ${site}.`,
  },
  id: {
    hello: (name: string) => (name ? `Halo ${name},` : 'Halo,'),
    receivedSubject: (n: number) => `Pesan Anda sudah kami terima [#${n}]`,
    receivedIntro: (n: number) =>
      `Terima kasih atas pesan Anda. Kami telah membuat tiket #${n} dan akan membalas melalui e-mail secepatnya.`,
    yourMessage: 'Pesan Anda:',
    replyHint: 'Anda dapat membalas e-mail ini untuk menambahkan ke tiket Anda.',
    replySubject: (n: number, subject: string) => `Re: ${subject} [#${n}]`,
    replyIntro: (agent: string, n: number) => `${agent} membalas tiket Anda #${n}:`,
    transcriptSubject: (site: string) => `Percakapan Anda dengan ${site}`,
    transcriptIntro: 'Berikut transkrip percakapan Anda:',
    you: 'Anda',
    agent: 'Petugas',
    agentSubject: (n: number, name: string) => `Tiket baru #${n} dari ${name}`,
    agentIntro: (n: number, source: 'offline' | 'chat') =>
      source === 'offline'
        ? `Seorang pengunjung meninggalkan pesan saat tidak ada petugas online. Tiket #${n} sudah dibuka.`
        : `Sebuah percakapan diubah menjadi tiket #${n}.`,
    from: 'Dari',
    department: 'Bagian',
    footer: (site: string) => `Dikirim oleh ${site}.`,
  },
} as const;

/** A block of content: plain text and the same as (escaped) HTML. */
interface Block {
  readonly text: string;
  readonly html: string;
}
const para = (text: string): Block => ({ text, html: `<p>${htmlParagraphs(text)}</p>` });
const quote = (text: string): Block => ({
  text: text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n'),
  html: `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;color:#333">${htmlParagraphs(text)}</blockquote>`,
});

/**
 * Renders a mail in the given language: subject (one header-safe line), plain text and HTML.
 * Every value that came from a visitor or an agent is escaped in the HTML and stripped of
 * line breaks in the subject; the layout carries the site's name and logo and nothing else.
 * Visitor mails about a ticket start with the reply marker, so a reply can be cut above it.
 */
export function renderMail(
  content: MailContent,
  language: MailLanguage,
  site: SiteBrand,
): RenderedMail {
  const w = WORDS[language];
  const siteName = headerSafe(site.name, 120);
  let subject: string;
  let blocks: Block[];
  let replyable = false;
  switch (content.kind) {
    case 'ticket-received':
      subject = w.receivedSubject(content.number);
      replyable = true;
      blocks = [
        para(w.hello(headerSafe(content.requesterName, 120))),
        para(w.receivedIntro(content.number)),
        para(w.yourMessage),
        quote(content.question),
        para(w.replyHint),
      ];
      break;
    case 'ticket-reply':
      subject = w.replySubject(content.number, content.subject);
      replyable = true;
      blocks = [
        para(w.replyIntro(headerSafe(content.agentName, 120), content.number)),
        quote(content.text),
        para(w.replyHint),
      ];
      break;
    case 'transcript':
      subject = w.transcriptSubject(siteName);
      blocks = [
        para(w.transcriptIntro),
        ...content.lines.map((line) => {
          const who = line.author === 'visitor' ? w.you : headerSafe(line.name ?? w.agent, 120);
          const when = line.time.slice(0, 16).replace('T', ' ');
          return {
            text: `[${when}] ${who}: ${line.text}`,
            html: `<p><strong>${escapeHtml(who)}</strong> <span style="color:#777">${escapeHtml(when)}</span><br>\n${htmlParagraphs(line.text)}</p>`,
          };
        }),
      ];
      break;
    case 'agent-new-ticket':
      subject = w.agentSubject(content.number, content.requesterName || content.requesterEmail);
      blocks = [
        para(w.agentIntro(content.number, content.source)),
        para(`${w.from}: ${headerSafe(content.requesterName, 120)} <${content.requesterEmail}>`),
        ...(content.department ? [para(`${w.department}: ${content.department}`)] : []),
        quote(content.question),
      ];
      break;
    default: {
      const unknown: never = content;
      throw new Error(`unknown mail ${(unknown as { kind: string }).kind}`);
    }
  }
  const footer = w.footer(siteName);
  const marker = replyable ? `${REPLY_ABOVE_MARKER}\n\n` : '';
  const text = `${marker}${blocks.map((block) => block.text).join('\n\n')}\n\n-- \n${footer}\n`;
  const logo = site.logoUrl
    ? `<img src="${escapeHtml(site.logoUrl)}" alt="" style="max-height:40px;vertical-align:middle;margin-right:8px">`
    : '';
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(headerSafe(subject))}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#111;margin:0;padding:24px">',
    replyable
      ? `<div style="color:#999;font-size:12px">${escapeHtml(REPLY_ABOVE_MARKER)}</div>`
      : '',
    `<div style="font-size:18px;font-weight:bold;margin:12px 0 20px">${logo}${escapeHtml(siteName)}</div>`,
    ...blocks.map((block) => block.html),
    `<hr style="border:0;border-top:1px solid #ddd;margin-top:24px"><p style="color:#777;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: headerSafe(subject, 250), text, html };
}
