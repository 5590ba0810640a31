import { useEffect, useState, type FormEvent } from 'react';
import {
  getAvailability,
  getDuty,
  getTeam,
  saveDuty,
  type Availability,
  type DutySettings,
  type ShiftSwap,
  type TeamMember,
} from '../api/duty.js';
import { RequestError } from '../api/wire.js';
import { AvailabilityCard } from '../components/availability-card.js';
import { DutyHoursEditor } from '../components/duty-hours-editor.js';
import { DutyRosterEditor } from '../components/duty-roster-editor.js';
import { DutyTeamEditor } from '../components/duty-team-editor.js';
import { formToSettings, settingsToForm, type DutyForm } from '../state/duty-form.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { SwapsPanel } from './swaps-panel.js';

const message = (failure: unknown): string => {
  if (!(failure instanceof RequestError))
    return failure instanceof Error ? failure.message : String(failure);
  const issues = (failure.details as { issues?: { path: string; message: string }[] } | undefined)
    ?.issues;
  return issues && issues.length > 0
    ? `${failure.message}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`
    : failure.message;
};

/**
 * Who is on duty: departments, business hours, limits, the roster, swaps and the
 * availability right now. Admins and supervisors edit and save; agents read (the controls are
 * disabled and there is no Save) and request swaps of their own shifts.
 */
export function DutyView(props: { api: DashboardApi; onSaved: (duty: DutySettings) => void }) {
  const { api } = props;
  const role = api.session.agent.role;
  const editable = role === 'admin' || role === 'supervisor';
  const me = api.session.agent.agentId;
  const [settings, setSettings] = useState<DutySettings | null>(null);
  const [form, setForm] = useState<DutyForm | null>(null);
  const [availability, setAvailability] = useState<Availability | null>(null);
  const [availabilityError, setAvailabilityError] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [team, setTeam] = useState<readonly TeamMember[]>([]);

  const refreshAvailability = () => {
    setAvailabilityError(undefined);
    getAvailability(api.token).then(setAvailability, (failure: unknown) =>
      setAvailabilityError(message(failure)),
    );
  };

  useEffect(() => {
    let live = true;
    getDuty(api.token).then(
      (duty) => {
        if (!live) return;
        setSettings(duty);
        setForm(settingsToForm(duty));
      },
      (failure: unknown) => live && setLoadError(message(failure)),
    );
    refreshAvailability();
    // Names for ids; without the list the page still works with ids only.
    getTeam(api.token).then(
      (members) => live && setTeam(members),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // Loaded once per visit of the page.
  }, []);

  if (loadError)
    return (
      <p role="alert" className="error page">
        {loadError}
      </p>
    );
  if (!settings || !form) return <p className="muted page">Loading duty settings…</p>;

  const set = (patch: Partial<DutyForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const converted = formToSettings(form, settings);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!converted.settings) return;
    setError(undefined);
    setSaving(true);
    try {
      const duty = await saveDuty(api.token, converted.settings);
      setSettings(duty);
      setForm(settingsToForm(duty));
      setSaved(true);
      props.onSaved(duty);
      refreshAvailability();
    } catch (failure) {
      setError(message(failure));
    } finally {
      setSaving(false);
    }
  }

  const swapChanged = (swap: ShiftSwap) => {
    const others = settings.swaps.filter((held) => held.swapId !== swap.swapId);
    setSettings({ ...settings, swaps: [...others, swap] });
    if (swap.status === 'approved') refreshAvailability();
  };
  const teamNames = new Map(team.map((member) => [member.agentId, member.name]));
  const nameOf = (agentId: string): string => teamNames.get(agentId) ?? api.nameOf(agentId);
  const knownAgentIds = [
    ...new Set([
      ...team.map((member) => member.agentId),
      ...settings.agents.map((agent) => agent.agentId),
      ...settings.roster.flatMap((shift) => shift.agentIds),
    ]),
  ];

  return (
    <section className="page duty" aria-labelledby="duty-title">
      <h2 id="duty-title">Duty</h2>
      <p className="muted">
        You are {api.session.agent.name} (agent id <code data-testid="my-agent-id">{me}</code>).{' '}
        {editable ? '' : 'Only supervisors and admins can change these settings.'}
      </p>
      <div className="duty-grid">
        <form
          className="settings-form duty-form"
          onSubmit={(event) => void save(event)}
          data-testid="duty-form"
        >
          <fieldset disabled={!editable} className="plain">
            <DutyHoursEditor form={form} set={set} />
            <DutyTeamEditor form={form} set={set} editable={editable} nameOf={nameOf} />
            <DutyRosterEditor form={form} set={set} editable={editable} nameOf={nameOf} />
          </fieldset>
          {editable && (
            <>
              {converted.problems.map((problem) => (
                <p key={problem} className="error" role="alert">
                  {problem}
                </p>
              ))}
              {error && (
                <p role="alert" className="error">
                  {error}
                </p>
              )}
              {saved && (
                <p role="status" className="ok" data-testid="duty-saved">
                  Saved. Availability and routing follow at once.
                </p>
              )}
              <button
                type="submit"
                className="primary"
                disabled={saving || converted.problems.length > 0}
              >
                Save
              </button>
            </>
          )}
        </form>
        <div className="duty-side">
          <AvailabilityCard
            availability={availability}
            error={availabilityError}
            timeZone={settings.timeZone}
            departments={settings.departments}
            nameOf={nameOf}
            onRefresh={refreshAvailability}
          />
          {team.length > 0 && (
            <section className="card" aria-labelledby="team-title" data-testid="team-list">
              <h3 id="team-title">Team</h3>
              <p className="hint">Use these ids in the roster and the agents' settings.</p>
              <ul className="plain-list">
                {team.map((member) => (
                  <li key={member.agentId}>
                    {member.name} <span className="muted">({member.role})</span>{' '}
                    <code>{member.agentId}</code>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <SwapsPanel
            swaps={settings.swaps}
            me={me}
            canDecide={editable}
            knownAgentIds={knownAgentIds}
            nameOf={nameOf}
            token={api.token}
            onChanged={swapChanged}
          />
        </div>
      </div>
    </section>
  );
}
