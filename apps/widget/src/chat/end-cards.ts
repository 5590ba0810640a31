import { EMAIL_MAX, RATING_COMMENT_MAX } from '@sapa/contracts';
import type { Catalog } from '../i18n/catalog.js';
import { h } from './dom.js';
import { buildForm } from './forms.js';

type Rating = 'good' | 'bad';

const rateButton = (rating: Rating, label: string) =>
  h(
    'button',
    { type: 'button', class: 'secondary rate', 'aria-pressed': 'false', 'data-rating': rating },
    label,
  );

/**
 * Rate the chat: good / bad (toggle buttons) and an optional comment; the rating is required
 * (submitting without one moves focus to the buttons). Replaced by a thank-you once sent.
 */
export function ratingCard(
  t: Catalog,
  rate: (rating: Rating, comment: string) => Promise<void>,
): HTMLElement {
  let rating: Rating | undefined;
  const good = rateButton('good', `👍 ${t.rateGood}`);
  const bad = rateButton('bad', `👎 ${t.rateBad}`);
  for (const button of [good, bad]) {
    button.addEventListener('click', () => {
      rating = button === good ? 'good' : 'bad';
      good.setAttribute('aria-pressed', String(rating === 'good'));
      bad.setAttribute('aria-pressed', String(rating === 'bad'));
    });
  }
  const card = h(
    'div',
    { class: 'card rating', role: 'group', 'aria-label': t.rateTitle },
    h('h3', {}, t.rateTitle),
    h('div', { class: 'row' }, good, bad),
  );
  const form = buildForm(t, {
    className: 'rating-form',
    submitLabel: t.submitRating,
    fields: [
      {
        name: 'comment',
        label: t.comment,
        kind: 'textarea',
        mode: 'optional',
        max: RATING_COMMENT_MAX,
      },
    ],
    submit: async (values) => {
      if (!rating) {
        good.focus();
        return;
      }
      await rate(rating, values.comment ?? '');
      form.replaceWith(h('p', { class: 'thanks', role: 'status' }, t.thanksRating));
    },
  });
  card.append(form);
  return card;
}

/** "E-mail me the transcript", filled with the e-mail the visitor gave; confirmed in words. */
export function transcriptCard(
  t: Catalog,
  email: string | undefined,
  request: (email: string) => Promise<void>,
): HTMLElement {
  const form = buildForm(t, {
    title: t.transcriptTitle,
    className: 'transcript',
    submitLabel: t.sendTranscript,
    fields: [
      {
        name: 'email',
        label: t.email,
        kind: 'email',
        mode: 'required',
        value: email,
        max: EMAIL_MAX,
      },
    ],
    submit: async (values) => {
      const to = values.email ?? '';
      await request(to);
      form.replaceWith(
        h(
          'p',
          { class: 'card thanks', role: 'status' },
          t.transcriptRequested.replace('{email}', to),
        ),
      );
    },
  });
  return form;
}

/**
 * "End the chat?" with yes / no, focused on yes. No (or a failed close) keeps the chat; the
 * card goes once the chat is closed.
 */
export function confirmEndCard(
  t: Catalog,
  actions: { end(): Promise<void>; cancel(): void },
): { readonly card: HTMLElement; readonly yes: HTMLButtonElement } {
  const no = h('button', { type: 'button', class: 'secondary' }, t.no);
  const yes = h('button', { type: 'button', class: 'primary' }, t.yes);
  const card = h(
    'div',
    { class: 'card confirm', role: 'group', 'aria-label': t.endChatConfirm },
    h('p', {}, t.endChatConfirm),
    h('div', { class: 'row' }, yes, no),
  );
  no.addEventListener('click', () => {
    card.remove();
    actions.cancel();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    actions.end().then(
      () => card.remove(),
      () => {
        yes.disabled = false;
      },
    );
  });
  return { card, yes };
}
