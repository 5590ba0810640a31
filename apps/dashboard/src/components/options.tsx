/** A choice of a select: the value, or the value and the label shown for it. */
export type Option = string | readonly [value: string, label: string];

/** One `<option>` per choice; a bare value is its own label. */
export function Options(props: { values: readonly Option[] }) {
  return props.values.map((option) => {
    const [value, label] = typeof option === 'string' ? [option, option] : option;
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}
