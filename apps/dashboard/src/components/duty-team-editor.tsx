import type { DepartmentRow, DutyForm, AgentRow } from '../state/duty-form.js';
import type { NameOf } from '../state/system-lines.js';

type Set = (patch: Partial<DutyForm>) => void;

const replace = <T,>(rows: readonly T[], index: number, row: T): T[] =>
  rows.map((held, at) => (at === index ? row : held));

/** Departments (name, routing) and each agent's departments and chat limit. */
export function DutyTeamEditor(props: {
  form: DutyForm;
  set: Set;
  editable: boolean;
  nameOf: NameOf;
}) {
  const { form, set, editable, nameOf } = props;
  const setDepartment = (index: number, patch: Partial<DepartmentRow>) => {
    const held = form.departments[index];
    if (held) set({ departments: replace(form.departments, index, { ...held, ...patch }) });
  };
  const setAgent = (index: number, patch: Partial<AgentRow>) => {
    const held = form.agents[index];
    if (held) set({ agents: replace(form.agents, index, { ...held, ...patch }) });
  };
  return (
    <>
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
                    onChange={(e) => setDepartment(index, { departmentId: e.target.value })}
                    placeholder="sales"
                  />
                </td>
                <td>
                  <input
                    aria-label="Department name"
                    value={row.name}
                    onChange={(e) => setDepartment(index, { name: e.target.value })}
                    placeholder="Sales"
                  />
                </td>
                <td>
                  <select
                    aria-label="Department routing"
                    value={row.routing}
                    onChange={(e) =>
                      setDepartment(index, { routing: e.target.value as DepartmentRow['routing'] })
                    }
                  >
                    <option value="ring-all">Ring all</option>
                    <option value="least-busy">Least busy</option>
                  </select>
                </td>
                <td>
                  {editable && (
                    <button
                      type="button"
                      onClick={() =>
                        set({ departments: form.departments.filter((_, at) => at !== index) })
                      }
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
          <button
            type="button"
            onClick={() =>
              set({
                departments: [
                  ...form.departments,
                  { departmentId: '', name: '', routing: 'ring-all' },
                ],
              })
            }
          >
            Add department
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>Agents</legend>
        <p className="hint">
          Departments and a chat limit per agent (empty: the default of {form.defaultMaxChats}).
        </p>
        <table className="duty-table">
          <tbody>
            {form.agents.map((row, index) => (
              <tr key={index} data-testid="agent-row">
                <td>
                  <input
                    aria-label="Agent id"
                    value={row.agentId}
                    onChange={(e) => setAgent(index, { agentId: e.target.value })}
                  />{' '}
                  <span className="muted">{row.agentId ? nameOf(row.agentId.trim()) : ''}</span>
                </td>
                <td className="department-checks">
                  {form.departments.map((department) => (
                    <label key={department.departmentId} className="check">
                      <input
                        type="checkbox"
                        checked={row.departmentIds.includes(department.departmentId)}
                        onChange={(e) =>
                          setAgent(index, {
                            departmentIds: e.target.checked
                              ? [...row.departmentIds, department.departmentId]
                              : row.departmentIds.filter((id) => id !== department.departmentId),
                          })
                        }
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
                    onChange={(e) => setAgent(index, { maxChats: e.target.value })}
                    placeholder={form.defaultMaxChats}
                  />
                </td>
                <td>
                  {editable && (
                    <button
                      type="button"
                      onClick={() => set({ agents: form.agents.filter((_, at) => at !== index) })}
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
          <button
            type="button"
            onClick={() =>
              set({ agents: [...form.agents, { agentId: '', departmentIds: [], maxChats: '' }] })
            }
          >
            Add agent
          </button>
        )}
      </fieldset>
    </>
  );
}
