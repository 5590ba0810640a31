import { WEEKDAYS } from '@sapa/domain';
import type { Weekday } from '../api/duty.js';
import {
  NEW_SHIFT,
  patchRow,
  withoutRow,
  type DepartmentRow,
  type DutyForm,
  type ShiftRow,
} from '../state/duty-form.js';
import type { NameOf } from '../state/system-lines.js';
import { WEEKDAY_NAMES } from './duty-hours-editor.js';
import { AddRowButton, RemoveCell } from './duty-rows.js';

/** The roster: who is on duty in which weekday block (optionally for one department). */
export function DutyRosterEditor(props: {
  form: DutyForm;
  set: (patch: Partial<DutyForm>) => void;
  editable: boolean;
  nameOf: NameOf;
}) {
  const { form, set, editable } = props;
  return (
    <fieldset>
      <legend>Roster</legend>
      <p className="hint">
        No shifts: everyone is on duty whenever the site is open. Agents are listed by id.
      </p>
      <table className="duty-table">
        {form.roster.length > 0 && (
          <thead>
            <tr>
              <th>Day</th>
              <th>From</th>
              <th>To</th>
              <th>Agents</th>
              <th>Department</th>
              <th />
            </tr>
          </thead>
        )}
        <tbody>
          {form.roster.map((row, index) => (
            <ShiftRowEditor
              key={index}
              row={row}
              departments={form.departments}
              editable={editable}
              nameOf={props.nameOf}
              change={(patch) => set({ roster: patchRow(form.roster, index, patch) })}
              remove={() => set({ roster: withoutRow(form.roster, index) })}
            />
          ))}
        </tbody>
      </table>
      <AddRowButton
        editable={editable}
        label="Add shift"
        onAdd={() => set({ roster: [...form.roster, NEW_SHIFT] })}
      />
    </fieldset>
  );
}

/** One shift: day, start, end, agents (with their names below) and department. */
function ShiftRowEditor(props: {
  row: ShiftRow;
  departments: readonly DepartmentRow[];
  editable: boolean;
  nameOf: NameOf;
  change: (patch: Partial<ShiftRow>) => void;
  remove: () => void;
}) {
  const { row, change } = props;
  const names = row.agentIds
    .split(/[\s,;]+/)
    .filter((id) => id.length > 0)
    .map(props.nameOf)
    .join(', ');
  return (
    <tr data-testid="roster-row">
      <td>
        <select
          aria-label="Shift day"
          value={row.weekday}
          onChange={(e) => change({ weekday: e.target.value as Weekday })}
        >
          {WEEKDAYS.map((day) => (
            <option key={day} value={day}>
              {WEEKDAY_NAMES[day]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label="Shift start"
          className="narrow"
          value={row.start}
          onChange={(e) => change({ start: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label="Shift end"
          className="narrow"
          value={row.end}
          onChange={(e) => change({ end: e.target.value })}
        />
      </td>
      <td>
        <input
          aria-label="Shift agents"
          value={row.agentIds}
          onChange={(e) => change({ agentIds: e.target.value })}
          placeholder="agent ids, comma-separated"
        />
        <div className="muted small" data-testid="shift-names">
          {names}
        </div>
      </td>
      <td>
        <select
          aria-label="Shift department"
          value={row.departmentId}
          onChange={(e) => change({ departmentId: e.target.value })}
        >
          <option value="">Any</option>
          {props.departments.map((department) => (
            <option key={department.departmentId} value={department.departmentId}>
              {department.name || department.departmentId}
            </option>
          ))}
        </select>
      </td>
      <RemoveCell editable={props.editable} onRemove={props.remove} />
    </tr>
  );
}
