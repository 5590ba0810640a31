import { showWorkerNotification } from './pwa.js';

/**
 * Tells the agent a visitor wrote: a short WebAudio beep (no sound file to load) and, when
 * the tab is in the background and the agent allowed it, a system notification (through the
 * service worker when it runs).
 */
let audio: AudioContext | undefined;

/** Call from a user gesture (login, a click) so the browser lets the page play sound later. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // No WebAudio (or blocked): the visual cues still work.
  }
}

/** Two short tones, quiet enough for a library. */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.16, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.15);
    }
  } catch {
    // Sound is a nicety; never let it break message handling.
  }
}

/** Whether the browser can show notifications and what the agent chose. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission; must run from a click. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** A system notification when the tab is not in view; the text is plain (no HTML is interpreted). */
export function notifyVisitorMessage(visitor: string, text: string, onClick: () => void): void {
  beep();
  if (notificationPermission() !== 'granted' || !document.hidden) return;
  show(`${visitor} wrote`, { body: text.slice(0, 200), tag: 'sapa-visitor' }, onClick);
}

/**
 * A chat wants this agent (a `ring` frame: new, requeued, or past the SLA): the same beep,
 * and a system notification when the tab is hidden. One tag, so repeated rings replace it.
 */
export function notifyRing(title: string, body: string, onClick: () => void): void {
  beep();
  if (notificationPermission() !== 'granted' || !document.hidden) return;
  show(title, { body: body.slice(0, 200), tag: 'sapa-ring' }, onClick);
}

/**
 * Through the service worker when it runs (the only way on Android, and it survives the tab
 * being frozen); otherwise a page notification.
 */
function show(title: string, options: { body: string; tag: string }, onClick: () => void): void {
  if (showWorkerNotification(title, options, onClick)) return;
  try {
    const notification = new Notification(title, options);
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the beep and badges remain.
  }
}
