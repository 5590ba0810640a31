import { useState } from 'react';
import { ticketsApi } from '../api/tickets.js';

/**
 * "Convert to ticket": forwards a chat for follow-up by e-mail. The chat's transcript is
 * attached; when the visitor left no e-mail the agent is asked for one. Converting twice
 * opens the same ticket.
 */
export function ConvertToTicket(props: {
  token: string;
  conversationId: string;
  onConverted?: (ticket: { ticketId: string; number: number }) => void;
}) {
  const [state, setState] = useState<{
    busy: boolean;
    done?: number;
    error?: string;
    askEmail?: boolean;
  }>({
    busy: false,
  });
  const [email, setEmail] = useState('');

  const convert = () => {
    setState({ busy: true });
    ticketsApi(() => props.token)
      .convertChat(props.conversationId, email.trim() ? { requester: { email: email.trim() } } : {})
      .then(
        (ticket) => {
          setState({ busy: false, done: ticket.number });
          props.onConverted?.(ticket);
        },
        (failure: unknown) => {
          const message = failure instanceof Error ? failure.message : String(failure);
          setState({ busy: false, error: message, askEmail: /e-mail/i.test(message) });
        },
      );
  };

  if (state.done !== undefined) {
    return (
      <span className="muted" data-testid="converted-ticket">
        Ticket #{state.done}
      </span>
    );
  }
  return (
    <>
      {state.askEmail && (
        <input
          type="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          placeholder="visitor's e-mail"
          aria-label="Visitor's e-mail for the ticket"
        />
      )}
      <button type="button" disabled={state.busy} onClick={convert} data-testid="convert-to-ticket">
        Convert to ticket
      </button>
      {state.error && (
        <span role="alert" className="error">
          {state.error}
        </span>
      )}
    </>
  );
}
