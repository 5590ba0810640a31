import {
  patchRow,
  withoutRow,
  type AgentRow,
  type DepartmentRow,
  type DutyForm,
} from '../state/duty-form.js';
import type { NameOf } from '../state/system-lines.js';
import { AddRowButton, RemoveCell } from './duty-rows.js';

interface EditorProps {
  form: DutyForm;
  set: (patch: Partial<DutyForm>) => void;
  editable: boolean;
  nameOf: NameOf;
}

/** Departments (name, routing) and each agent's departments and chat limit. */
export function DutyTeamEditor(props: EditorProps) {
  return (
    <>
      <DepartmentsEditor {...props} />
      <AgentsEditor {...props} />
    </>
  );
}

function DepartmentsEditor({ form, set, editable }: EditorProps) {
  const change = (index: number, patch: Partial<DepartmentRow>) =>
    set({ departments: patchRow(form.departments, index, patch) });
  return (
    <fieldset>
      <legend>Departments</legend>
      {form.departments.length === 0 && <p className="muted">No departments: one team.</p>}
      <table className="duty-table">
        <tbody>
          {form.departments.map((row, index) => (
            <tr key={index} data-testid="department-row">
              <td>
                <input
                  aria-label="Department id"
                  value={row.departmentId}
                  onChange={(e) => change(index, { departmentId: e.target.value })}
                  placeholder="sales"
                />
              </td>
              <td>
                <input
                  aria-label="Department name"
                  value={row.name}
                  onChange={(e) => change(index, { name: e.target.value })}
                  placeholder="Sales"
                />
              </td>
              <td>
                <select
                  aria-label="Department routing"
                  value={row.routing}
                  onChange={(e) =>
                    change(index, { routing: e.target.value as DepartmentRow['routing'] })
                  }
                >
                  <option value="ring-all">Ring all</option>
                  <option value="least-busy">Least busy</option>
                </select>
              </td>
              <RemoveCell
                editable={editable}
                onRemove={() => set({ departments: withoutRow(form.departments, index) })}
              />
            </tr>
          ))}
        </tbody>
      </table>
      <AddRowButton
        editable={editable}
        label="Add department"
        onAdd={() =>
          set({
            departments: [...form.departments, { departmentId: '', name: '', routing: 'ring-all' }],
          })
        }
      />
    </fieldset>
  );
}

function AgentsEditor({ form, set, editable, nameOf }: EditorProps) {
  return (
    <fieldset>
      <legend>Agents</legend>
      <p className="hint">
        Departments and a chat limit per agent (empty: the default of {form.defaultMaxChats}).
      </p>
      <table className="duty-table">
        <tbody>
          {form.agents.map((row, index) => (
            <AgentRowEditor
              key={index}
              row={row}
              form={form}
              editable={editable}
              nameOf={nameOf}
              change={(patch) => set({ agents: patchRow(form.agents, index, patch) })}
              remove={() => set({ agents: withoutRow(form.agents, index) })}
            />
          ))}
        </tbody>
      </table>
      <AddRowButton
        editable={editable}
        label="Add agent"
        onAdd={() =>
          set({ agents: [...form.agents, { agentId: '', departmentIds: [], maxChats: '' }] })
        }
      />
    </fieldset>
  );
}

function AgentRowEditor(props: {
  row: AgentRow;
  form: DutyForm;
  editable: boolean;
  nameOf: NameOf;
  change: (patch: Partial<AgentRow>) => void;
  remove: () => void;
}) {
  const { row, change } = props;
  const toggle = (departmentId: string, member: boolean) =>
    change({
      departmentIds: member
        ? [...row.departmentIds, departmentId]
        : row.departmentIds.filter((id) => id !== departmentId),
    });
  return (
    <tr data-testid="agent-row">
      <td>
        <input
          aria-label="Agent id"
          value={row.agentId}
          onChange={(e) => change({ agentId: e.target.value })}
        />{' '}
        <span className="muted">{row.agentId ? props.nameOf(row.agentId.trim()) : ''}</span>
      </td>
      <td className="department-checks">
        {props.form.departments.map((department) => (
          <label key={department.departmentId} className="check">
            <input
              type="checkbox"
              checked={row.departmentIds.includes(department.departmentId)}
              onChange={(e) => toggle(department.departmentId, e.target.checked)}
            />{' '}
            {department.name || department.departmentId}
          </label>
        ))}
      </td>
      <td>
        <input
          aria-label="Chat limit"
          inputMode="numeric"
          className="narrow"
          value={row.maxChats}
          onChange={(e) => change({ maxChats: e.target.value })}
          placeholder={props.form.defaultMaxChats}
        />
      </td>
      <RemoveCell editable={props.editable} onRemove={props.remove} />
    </tr>
  );
}
