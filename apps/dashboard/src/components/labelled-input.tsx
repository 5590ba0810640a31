import type { InputHTMLAttributes } from 'react';

/**
 * An input inside its label (getByLabel finds it by the text); `onChange` gets the value.
 * Other attributes (type, placeholder, autoComplete …) go to the input.
 */
export function LabelledInput(
  props: { label: string; value: string; onChange: (value: string) => void } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange'
  >,
) {
  const { label, onChange, ...input } = props;
  return (
    <label>
      {label}
      <input {...input} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
