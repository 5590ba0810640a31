import {
  EMAIL_MAX,
  ID_MAX,
  MESSAGE_TEXT_MAX,
  NAME_MAX,
  type PreChatFieldMode as FieldMode,
} from '@sapa/contracts';
import type { FieldSpec } from './forms.js';
import type { ShellView } from './shell-view.js';

/** The modes of the three contact fields of a form. */
export interface ContactModes {
  readonly name: FieldMode;
  readonly email: FieldMode;
  readonly question: FieldMode;
}

/**
 * The fields the pre-chat and the offline form share: the department select (when the site
 * has two departments or more), then name, e-mail and question, filled with what the visitor
 * already gave.
 */
export function contactFields(
  view: ShellView,
  modes: ContactModes,
  department: string | undefined,
): FieldSpec[] {
  const { t } = view;
  return [
    ...departmentField(view, department),
    {
      name: 'name',
      label: t.name,
      kind: 'text',
      mode: modes.name,
      value: view.identity.name,
      max: NAME_MAX,
    },
    {
      name: 'email',
      label: t.email,
      kind: 'email',
      mode: modes.email,
      value: view.identity.email,
      max: EMAIL_MAX,
    },
    {
      name: 'question',
      label: t.question,
      kind: 'textarea',
      mode: modes.question,
      value: view.draft,
      max: MESSAGE_TEXT_MAX,
    },
  ];
}

/** The department select, when the site has two departments or more. */
function departmentField(view: ShellView, value: string | undefined): FieldSpec[] {
  if (view.departments.length === 0) return [];
  return [
    {
      name: 'department',
      label: view.t.department,
      kind: 'select',
      mode: 'required',
      value,
      options: view.departments,
      max: ID_MAX,
    },
  ];
}
