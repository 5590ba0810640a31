/**
 * The words the phone layout, the installed app and the offline notice add, in Indonesian
 * and English. Kept apart so they move into the dashboard's catalog in one piece.
 */
const TEXTS = {
  en: {
    back: 'Back',
    backToInbox: 'Back to the inbox',
    backToTickets: 'Back to the tickets',
    backToResults: 'Back to the results',
    visitorDetails: 'Visitor details',
    hideVisitorDetails: 'Hide visitor details',
    offline: 'You are offline. The dashboard reconnects when the network is back.',
  },
  id: {
    back: 'Kembali',
    backToInbox: 'Kembali ke kotak masuk',
    backToTickets: 'Kembali ke tiket',
    backToResults: 'Kembali ke hasil',
    visitorDetails: 'Detail pengunjung',
    hideVisitorDetails: 'Sembunyikan detail pengunjung',
    offline: 'Anda sedang luring. Dasbor tersambung lagi saat jaringan kembali.',
  },
} as const satisfies Record<'en' | 'id', Record<string, string>>;

/** A key of the phone texts. */
export type PhoneText = keyof (typeof TEXTS)['en'];

/** Indonesian when the browser prefers it, English otherwise. */
export function phoneLanguage(languages: readonly string[] = navigator.languages): 'en' | 'id' {
  const first = languages[0] ?? 'en';
  return first.toLowerCase().startsWith('id') ? 'id' : 'en';
}

/** The text for `key` in the browser's language. */
export function phoneText(key: PhoneText): string {
  return TEXTS[phoneLanguage()][key];
}

/** Both languages, for a test that each has every key. */
export const PHONE_TEXTS = TEXTS;
