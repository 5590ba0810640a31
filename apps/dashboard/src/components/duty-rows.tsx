/** The last cell of an editable table row: a Remove button, for editors only. */
export function RemoveCell(props: { editable: boolean; onRemove: () => void }) {
  return (
    <td>
      {props.editable && (
        <button type="button" onClick={props.onRemove}>
          Remove
        </button>
      )}
    </td>
  );
}

/** Adds a row under a table, for editors only. */
export function AddRowButton(props: { editable: boolean; label: string; onAdd: () => void }) {
  if (!props.editable) return null;
  return (
    <button type="button" onClick={props.onAdd}>
      {props.label}
    </button>
  );
}
