import { useState, type FormEvent } from 'react';
import { decideSwap, requestSwap, type ShiftSwap } from '../api/duty.js';
import { Field } from '../components/field.js';
import { formatInstant } from '../components/availability-card.js';
import type { NameOf } from '../state/system-lines.js';

const STATUS_LABEL: Readonly<Record<ShiftSwap['status'], string>> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
};

/**
 * Shift swaps: any agent offers their own shift of a date to a colleague; supervisors and
 * admins approve or reject (only they see the buttons; the gateway refuses anyone else with
 * 403). Only an approved swap changes who is on duty.
 */
export function SwapsPanel(props: {
  swaps: readonly ShiftSwap[];
  me: string;
  canDecide: boolean;
  /** Agent ids the duty settings mention, offered as colleagues. */
  knownAgentIds: readonly string[];
  nameOf: NameOf;
  token: () => Promise<string>;
  onChanged: (swap: ShiftSwap) => void;
}) {
  const { me, canDecide, nameOf } = props;
  const [date, setDate] = useState('');
  const [toAgentId, setTo] = useState('');
  const [fromAgentId, setFrom] = useState('');
  const [returnDate, setReturnDate] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<ShiftSwap>) => {
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    const from = fromAgentId.trim();
    const done = await run(() =>
      requestSwap(props.token, {
        date,
        toAgentId: toAgentId.trim(),
        ...(canDecide && from !== '' ? { fromAgentId: from } : {}),
        ...(returnDate === '' ? {} : { returnDate }),
      }),
    );
    if (done) {
      setDate('');
      setTo('');
      setReturnDate('');
    }
  }

  const swaps = [...props.swaps].sort((a, b) => b.requestedAt - a.requestedAt);
  const colleagues = props.knownAgentIds.filter((id) => id !== me);
  return (
    <section className="swaps" aria-labelledby="swaps-title" data-testid="swaps">
      <h3 id="swaps-title">Shift swaps</h3>
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
        <button type="submit" disabled={busy || date === '' || toAgentId.trim() === ''}>
          Request swap
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {swaps.length === 0 ? (
        <p className="muted">No swaps requested.</p>
      ) : (
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
                  {canDecide && swap.status === 'requested' && (
                    <span className="swap-actions">
                      <button
                        type="button"
                        className="primary"
                        disabled={busy}
                        onClick={() => void run(() => decideSwap(props.token, swap.swapId, true))}
                      >
                        Approve
                      </button>
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => void run(() => decideSwap(props.token, swap.swapId, false))}
                      >
                        Reject
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
