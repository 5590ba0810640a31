import type { Catalog } from '../i18n/catalog.js';
import type { PreChatFieldMode as FieldMode } from '@sapa/contracts';
import { h } from './dom.js';

/** One input of a form. Fields whose mode is `off` are not shown. */
export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'email' | 'textarea' | 'select';
  readonly mode: FieldMode;
  readonly value?: string | undefined;
  readonly max: number;
  /** A select's entries after its empty first one (labels are set as text). */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
let formCounter = 0;

type Input = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A shown field: its spec, its input and where its error is announced. */
interface Control {
  readonly field: FieldSpec;
  readonly input: Input;
  readonly error: HTMLElement;
}

/** What a form is made of; `submit` receives the non-empty values. */
export interface FormSpec {
  readonly title?: string;
  readonly intro?: string;
  readonly fields: readonly FieldSpec[];
  readonly submitLabel: string;
  readonly className: string;
  submit(values: Record<string, string>): Promise<void>;
}

/**
 * An accessible form: every input has a label, required ones say so in words (not only by
 * colour), errors are announced (`role=alert`) and the first invalid field gets focus.
 * `submit` receives the non-empty values; while it runs the button is disabled.
 */
export function buildForm(t: Catalog, spec: FormSpec): HTMLFormElement {
  const prefix = `sapa-f${++formCounter}`;
  const form = h('form', { class: spec.className, novalidate: true });
  if (spec.title) form.append(h('h3', {}, spec.title));
  if (spec.intro) form.append(h('p', {}, spec.intro));
  const controls: Control[] = [];
  for (const field of spec.fields) {
    if (field.mode === 'off') continue;
    const control = buildControl(t, field, `${prefix}-${field.name}`);
    const required = field.mode === 'required';
    form.append(
      h(
        'label',
        { for: control.input.id },
        field.label,
        ' ',
        h('span', { class: 'hint' }, required ? t.required : t.optional),
      ),
      control.input,
      control.error,
    );
    controls.push(control);
  }
  const button = h('button', { type: 'submit', class: 'primary' }, spec.submitLabel);
  const formError = h('span', { class: 'error', role: 'alert' });
  form.append(button, formError);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = validate(t, controls);
    if (!values) return;
    button.disabled = true;
    formError.textContent = '';
    spec.submit(values).then(
      () => {
        button.disabled = false;
      },
      () => {
        button.disabled = false;
        formError.textContent = t.error;
      },
    );
  });
  return form;
}

function buildControl(t: Catalog, field: FieldSpec, id: string): Control {
  const required = field.mode === 'required';
  const common = {
    id,
    name: field.name,
    maxlength: String(field.max),
    required,
    'aria-required': required ? 'true' : 'false',
    'aria-describedby': `${id}-error`,
  };
  let input: Input;
  if (field.kind === 'select') {
    input = h('select', { ...common, maxlength: undefined });
    // `new Option(text, value)` sets the label as text: names set by admins stay text.
    input.add(new Option(t.choose, ''));
    for (const option of field.options ?? []) input.add(new Option(option.label, option.value));
  } else if (field.kind === 'textarea') input = h('textarea', common);
  else
    input = h('input', {
      ...common,
      type: field.kind,
      autocomplete: field.kind === 'email' ? 'email' : 'name',
    });
  input.value = field.value ?? '';
  const error = h('span', { id: `${id}-error`, class: 'error', role: 'alert' });
  return { field, input, error };
}

/** The non-empty values, or none when a field is invalid (its error said, the first focused). */
function validate(t: Catalog, controls: readonly Control[]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  let firstInvalid: HTMLElement | undefined;
  for (const { field, input, error } of controls) {
    const value = input.value.trim();
    let problem = '';
    if (field.mode === 'required' && value === '')
      problem = field.kind === 'select' ? t.pickOne : t.fieldRequired;
    else if (field.kind === 'email' && value !== '' && !EMAIL.test(value)) problem = t.invalidEmail;
    error.textContent = problem;
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    if (problem && !firstInvalid) firstInvalid = input;
    if (value !== '') values[field.name] = value;
  }
  if (!firstInvalid) return values;
  firstInvalid.focus();
  return undefined;
}

/** The first focusable field of a form (or its button). */
export function firstField(form: HTMLElement): HTMLElement | null {
  return form.querySelector('input, select, textarea, button');
}
