import { rosterOf } from '@sapa/domain';
import type { FormEvent } from 'react';
import type { DutySettings, TeamMember } from '../api/duty.js';
import { AvailabilityCard } from '../components/availability-card.js';
import { ErrorLine } from '../components/error-line.js';
import { DutyHoursEditor } from '../components/duty-hours-editor.js';
import { DutyRosterEditor } from '../components/duty-roster-editor.js';
import { DutyTeamEditor } from '../components/duty-team-editor.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { useDutyPage } from '../state/use-duty-page.js';
import { SwapsPanel } from './swaps-panel.js';

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
  const page = useDutyPage(api.token, props.onSaved);
  const { settings, form, converted, team } = page;

  if (page.loadError) return <ErrorLine message={page.loadError} className="page" />;
  if (!settings || !form || !converted) return <p className="muted page">Loading duty settings…</p>;

  const teamNames = new Map(team.map((member) => [member.agentId, member.name]));
  const nameOf = (agentId: string): string => teamNames.get(agentId) ?? api.nameOf(agentId);
  const knownAgentIds = [
    ...new Set([
      ...team.map((member) => member.agentId),
      ...settings.agents.map((agent) => agent.agentId),
      ...settings.roster.flatMap((shift) => shift.agentIds),
    ]),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void page.save();
  };

  return (
    <section className="page duty" aria-labelledby="duty-title">
      <h2 id="duty-title">Duty</h2>
      <p className="muted">
        You are {api.session.agent.name} (agent id <code data-testid="my-agent-id">{me}</code>).{' '}
        {editable ? '' : 'Only supervisors and admins can change these settings.'}
      </p>
      <div className="duty-grid">
        <form className="settings-form duty-form" onSubmit={submit} data-testid="duty-form">
          <fieldset disabled={!editable} className="plain">
            <DutyHoursEditor form={form} set={page.edit} />
            <DutyTeamEditor form={form} set={page.edit} editable={editable} nameOf={nameOf} />
            <DutyRosterEditor form={form} set={page.edit} editable={editable} nameOf={nameOf} />
          </fieldset>
          {editable && (
            <SaveBar
              problems={converted.problems}
              error={page.error}
              saved={page.saved}
              saving={page.saving}
            />
          )}
        </form>
        <div className="duty-side">
          <AvailabilityCard
            availability={page.availability}
            error={page.availabilityError}
            timeZone={settings.timeZone}
            departments={settings.departments}
            nameOf={nameOf}
            onRefresh={page.refreshAvailability}
          />
          <TeamList team={team} />
          <SwapsPanel
            swaps={settings.swaps}
            roster={rosterOf(settings)}
            me={me}
            canDecide={editable}
            knownAgentIds={knownAgentIds}
            nameOf={nameOf}
            token={api.token}
            onChanged={page.swapChanged}
          />
        </div>
      </div>
    </section>
  );
}

/** Under the form, for editors: what stops saving, the outcome, and Save. */
function SaveBar(props: {
  problems: readonly string[];
  error: string | undefined;
  saved: boolean;
  saving: boolean;
}) {
  return (
    <>
      {props.problems.map((problem) => (
        <p key={problem} className="error" role="alert">
          {problem}
        </p>
      ))}
      <ErrorLine message={props.error} />
      {props.saved && (
        <p role="status" className="ok" data-testid="duty-saved">
          Saved. Availability and routing follow at once.
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={props.saving || props.problems.length > 0}
      >
        Save
      </button>
    </>
  );
}

/** The team's ids beside the form, to copy into the roster and the agents' settings. */
function TeamList({ team }: { team: readonly TeamMember[] }) {
  if (team.length === 0) return null;
  return (
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
  );
}
