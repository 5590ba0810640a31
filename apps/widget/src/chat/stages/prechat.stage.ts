import { contactFields } from '../contact-fields.js';
import { buildForm } from '../forms.js';
import type { ShellActions, ShellView } from '../shell-view.js';

/**
 * Before the chat: the pre-chat form, its fields on, optional or required per site (and the
 * department select); submitting it starts the chat (or leads to the offline form).
 */
export function prechatStage(view: ShellView, actions: ShellActions): HTMLElement[] {
  const { t } = view;
  const form = buildForm(t, {
    intro: t.preChatIntro,
    className: 'prechat',
    submitLabel: t.startChat,
    fields: contactFields(view, view.settings.preChat, undefined),
    submit: (values) => actions.startChat(values),
  });
  return [form];
}
