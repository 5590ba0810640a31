import type { ReactNode } from 'react';

/** A labelled form row: the label text names the control inside it (getByLabel finds it). */
export function Field(props: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <span className="field-input">{props.children}</span>
    </label>
  );
}
