import { WEEKDAYS } from '@sapa/domain';
import type { Weekday } from '../api/duty.js';
import { NEW_SHIFT, type DutyForm, type ShiftRow } from '../state/duty-form.js';
import type { NameOf } from '../state/system-lines.js';
import { WEEKDAY_NAMES } from './duty-hours-editor.js';

/** The roster: who is on duty in which weekday block (optionally for one department). */
export function DutyRosterEditor(props: {
  form: DutyForm;
  set: (patch: Partial<DutyForm>) => void;
  editable: boolean;
  nameOf: NameOf;
}) {
  const { form, set, editable, nameOf } = props;
  const setShift = (index: number, patch: Partial<ShiftRow>) =>
    set({
      roster: form.roster.map((held, at) => (at === index ? { ...held, ...patch } : held)),
    });
  const names = (ids: string) =>
    ids
      .split(/[\s,;]+/)
      .filter((id) => id.length > 0)
      .map(nameOf)
      .join(', ');
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
            <tr key={index} data-testid="roster-row">
              <td>
                <select
                  aria-label="Shift day"
                  value={row.weekday}
                  onChange={(e) => setShift(index, { weekday: e.target.value as Weekday })}
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
                  onChange={(e) => setShift(index, { start: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Shift end"
                  className="narrow"
                  value={row.end}
                  onChange={(e) => setShift(index, { end: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label="Shift agents"
                  value={row.agentIds}
                  onChange={(e) => setShift(index, { agentIds: e.target.value })}
                  placeholder="agent ids, comma-separated"
                />
                <div className="muted small" data-testid="shift-names">
                  {names(row.agentIds)}
                </div>
              </td>
              <td>
                <select
                  aria-label="Shift department"
                  value={row.departmentId}
                  onChange={(e) => setShift(index, { departmentId: e.target.value })}
                >
                  <option value="">Any</option>
                  {form.departments.map((department) => (
                    <option key={department.departmentId} value={department.departmentId}>
                      {department.name || department.departmentId}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {editable && (
                  <button
                    type="button"
                    onClick={() => set({ roster: form.roster.filter((_, at) => at !== index) })}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <button type="button" onClick={() => set({ roster: [...form.roster, NEW_SHIFT] })}>
          Add shift
        </button>
      )}
    </fieldset>
  );
}
