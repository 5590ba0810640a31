import { h } from '../dom.js';
import { ratingCard, transcriptCard } from '../end-cards.js';
import type { ShellActions, ShellView } from '../shell-view.js';

/** After the chat (whoever ended it): rate it, ask for the transcript, or start again. */
export function endedStage(view: ShellView, actions: ShellActions): HTMLElement[] {
  const { t } = view;
  const again = h('button', { type: 'button', class: 'secondary new-chat' }, t.newChat);
  again.addEventListener('click', () => actions.newChat());
  const cards = h(
    'div',
    {},
    ratingCard(t, (rating, comment) => actions.rate(rating, comment)),
    transcriptCard(t, view.identity.email, (email) => actions.transcript(email)),
    again,
  );
  return [cards];
}
