import { format } from '../../i18n/catalog.js';
import { contactFields } from '../contact-fields.js';
import { h } from '../dom.js';
import { buildForm } from '../forms.js';
import type { ShellActions, ShellView } from '../shell-view.js';

/**
 * Nobody can answer: the offline form (every field required), replaced by a thank-you once
 * the message is left. Led here by an offline department's pick, it is titled for that
 * department, has it preselected, and offers a way back to the pre-chat form.
 */
export function offlineStage(view: ShellView, actions: ShellActions): HTMLElement[] {
  const { t } = view;
  const thanks = h('p', { class: 'card thanks', role: 'status', tabindex: '-1' }, t.offlineThanks);
  const pick = view.offlinePick;
  const form = buildForm(t, {
    title: pick ? format(t.departmentOfflineTitle, { name: pick.name }) : t.offlineTitle,
    intro: t.offlineIntro,
    className: 'offline',
    submitLabel: t.leaveMessage,
    fields: contactFields(
      view,
      { name: 'required', email: 'required', question: 'required' },
      pick?.departmentId,
    ),
    submit: async (values) => {
      await actions.leaveOffline(values);
      form.replaceWith(thanks);
      thanks.focus();
    },
  });
  if (!pick) return [form];
  const back = h('button', { type: 'button', class: 'secondary back' }, t.departmentBack);
  back.addEventListener('click', () => actions.chooseAgain());
  return [form, back];
}
