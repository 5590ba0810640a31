import { swapProblems, type Roster } from '@sapa/domain';
import { useState, type FormEvent } from 'react';
import { decideSwap, requestSwap, type ShiftSwap } from '../api/duty.js';
import { ErrorLine } from '../components/error-line.js';
import { Field } from '../components/field.js';
import { formatInstant } from '../components/availability-card.js';
import type { NameOf } from '../state/system-lines.js';

const STATUS_LABEL: Readonly<Record<ShiftSwap['status'], string>> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** Runs one swap call: true when it went through (the panel shows the error otherwise). */
type Run = (action: () => Promise<ShiftSwap>) => Promise<boolean>;

interface PanelProps {
  swaps: readonly ShiftSwap[];
  /** The saved roster, with the approved swaps. */
  roster: Roster;
  me: string;
  canDecide: boolean;
  /** Agent ids the duty settings mention, offered as colleagues. */
  knownAgentIds: readonly string[];
  nameOf: NameOf;
  token: () => Promise<string>;
  onChanged: (swap: ShiftSwap) => void;
}

/**
 * Shift swaps: any agent offers their own shift of a date to a colleague; supervisors and
 * admins approve or reject (only they see the buttons; the gateway refuses anyone else with
 * 403). Only an approved swap changes who is on duty. A request the duty rulebook refuses (no
 * shift that date, approved swaps applied) is named before it is sent, as the directory would.
 */
export function SwapsPanel(props: PanelProps) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const run: Run = async (action) => {
    setError(undefined);
    setBusy(true);
    try {
      props.onChanged(await action());
      return true;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="swaps" aria-labelledby="swaps-title" data-testid="swaps">
      <h3 id="swaps-title">Shift swaps</h3>
      <SwapRequestForm {...props} run={run} busy={busy} />
      <ErrorLine message={error} />
      <SwapsTable {...props} run={run} busy={busy} />
    </section>
  );
}

function SwapRequestForm(props: PanelProps & { run: Run; busy: boolean }) {
  const { me, canDecide, nameOf } = props;
  const [date, setDate] = useState('');
  const [toAgentId, setTo] = useState('');
  const [fromAgentId, setFrom] = useState('');
  const [returnDate, setReturnDate] = useState('');
  const from = fromAgentId.trim();
  const to = toAgentId.trim();
  const request = {
    date,
    toAgentId: to,
    ...(canDecide && from !== '' ? { fromAgentId: from } : {}),
    ...(returnDate === '' ? {} : { returnDate }),
  };
  const problems =
    date === '' || to === '' ? [] : swapProblems(props.roster, { fromAgentId: me, ...request });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await props.run(() => requestSwap(props.token, request))) {
      setDate('');
      setTo('');
      setReturnDate('');
    }
  }

  const colleagues = props.knownAgentIds.filter((id) => id !== me);
  return (
    <>
      <form className="swap-form" onSubmit={(event) => void submit(event)}>
        <Field label="Date of my shift">
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </Field>
        <Field label="Colleague (agent id)">
          <input
            value={toAgentId}
            onChange={(e) => setTo(e.target.value)}
            list="swap-colleagues"
            required
          />
          <datalist id="swap-colleagues">
            {colleagues.map((id) => (
              <option key={id} value={id}>
                {nameOf(id)}
              </option>
            ))}
          </datalist>
        </Field>
        <Field label="Their shift I take (optional date)">
          <input type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} />
        </Field>
        {canDecide && (
          <Field label="On behalf of (agent id; empty: me)">
            <input value={fromAgentId} onChange={(e) => setFrom(e.target.value)} />
          </Field>
        )}
        <button
          type="submit"
          disabled={props.busy || date === '' || to === '' || problems.length > 0}
        >
          Request swap
        </button>
      </form>
      {problems.map((problem) => (
        <p key={problem} role="alert" className="error" data-testid="swap-problem">
          {problem}
        </p>
      ))}
    </>
  );
}

function SwapsTable(props: PanelProps & { run: Run; busy: boolean }) {
  const { me, nameOf, run, busy } = props;
  const swaps = [...props.swaps].sort((a, b) => b.requestedAt - a.requestedAt);
  if (swaps.length === 0) return <p className="muted">No swaps requested.</p>;
  const decide = (swapId: string, approve: boolean) =>
    void run(() => decideSwap(props.token, swapId, approve));
  return (
    <table className="duty-table">
      <thead>
        <tr>
          <th>Date</th>
          <th>From</th>
          <th>To</th>
          <th>Status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {swaps.map((swap) => (
          <tr key={swap.swapId} data-testid="swap-row" data-swap-id={swap.swapId}>
            <td>
              {swap.date}
              {swap.returnDate ? ` ↔ ${swap.returnDate}` : ''}
            </td>
            <td>{swap.fromAgentId === me ? 'You' : nameOf(swap.fromAgentId)}</td>
            <td>{swap.toAgentId === me ? 'You' : nameOf(swap.toAgentId)}</td>
            <td data-testid="swap-status" data-status={swap.status}>
              {STATUS_LABEL[swap.status]}
              {swap.decidedBy && swap.decidedAt
                ? ` by ${nameOf(swap.decidedBy)}, ${formatInstant(swap.decidedAt)}`
                : ''}
            </td>
            <td>
              {props.canDecide && swap.status === 'requested' && (
                <span className="swap-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => decide(swap.swapId, true)}
                  >
                    Approve
                  </button>
                  <button type="button" disabled={busy} onClick={() => decide(swap.swapId, false)}>
                    Reject
                  </button>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
