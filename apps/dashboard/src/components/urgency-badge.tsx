import type { Urgency } from '../state/urgency.js';

/** The ringing or SLA badge of a chat (inbox row, conversation head); nothing without one. */
export function UrgencyBadge(props: { urgency: Urgency | null; testId: string; role?: 'status' }) {
  const { urgency } = props;
  if (!urgency) return null;
  return (
    <span className={`badge badge-${urgency.level}`} data-testid={props.testId} role={props.role}>
      {urgency.label}
    </span>
  );
}
