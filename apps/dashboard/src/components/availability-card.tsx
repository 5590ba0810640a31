import type { Availability, Department } from '../api/duty.js';
import type { NameOf } from '../state/system-lines.js';

/** `Mon 28 Dec, 08:00` in a zone (the site's, or the browser's when none is given). */
export function formatInstant(epochMs: number, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(epochMs));
  } catch {
    return new Date(epochMs).toISOString();
  }
}

/** Whether the site takes chats now, and why: hours, who would be rung, the next opening. */
export function AvailabilityCard(props: {
  availability: Availability | null;
  error?: string | undefined;
  timeZone: string;
  departments: readonly Department[];
  nameOf: NameOf;
  onRefresh: () => void;
}) {
  const { availability, timeZone, nameOf } = props;
  return (
    <section className="availability-card" aria-label="Availability now" data-testid="availability">
      <div className="availability-head">
        <h3>Now</h3>
        <button type="button" onClick={props.onRefresh}>
          Refresh
        </button>
      </div>
      {props.error && (
        <p className="error" role="alert">
          {props.error}
        </p>
      )}
      {!availability ? (
        !props.error && <p className="muted">Loading…</p>
      ) : (
        <dl>
          <dt>Widgets show</dt>
          <dd data-testid="availability-online">
            <strong className={availability.online ? 'ok' : 'error'}>
              {availability.online ? 'Online' : 'Offline'}
            </strong>
          </dd>
          <dt>Business hours</dt>
          <dd>{availability.insideHours ? 'Open now' : 'Closed now'}</dd>
          <dt>Would ring now</dt>
          <dd data-testid="availability-ring">
            {availability.eligibleAgentIds && availability.eligibleAgentIds.length > 0
              ? availability.eligibleAgentIds.map(nameOf).join(', ')
              : availability.eligibleAgents > 0
                ? `${availability.eligibleAgents} agent(s)`
                : 'Nobody (online, on duty and under their limit)'}
          </dd>
          {availability.nextOpening !== undefined && (
            <>
              <dt>Next opening</dt>
              <dd>
                {formatInstant(availability.nextOpening, timeZone)} ({timeZone}); your time{' '}
                {formatInstant(availability.nextOpening)}
              </dd>
            </>
          )}
          {Object.entries(availability.departments).map(([id, online]) => (
            <div key={id} className="availability-department">
              <dt>{props.departments.find((d) => d.departmentId === id)?.name ?? id}</dt>
              <dd>{online ? 'Online' : 'Offline'}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
