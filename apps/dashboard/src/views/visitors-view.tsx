import { useEffect, useState, type ReactNode } from 'react';
import type { LiveVisitor } from '@sapa/contracts';
import { ErrorLine } from '../components/error-line.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { errorText } from '../state/use-load.js';
import { browserOf, durationSince } from '../state/visitor-profile.js';

/** Who is on the site now, where, and for how long; "Start chat" greets one of them. */
export function VisitorsView(props: {
  api: DashboardApi;
  onOpenConversation: (conversationId: string) => void;
}) {
  const { api } = props;
  const [now, setNow] = useState(() => Date.now());
  const [inviting, setInviting] = useState<string | null>(null);
  const [greeting, setGreeting] = useState('Hello! Can I help you find something?');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (api.state.connection === 'online') api.refreshVisitors().catch(() => undefined);
    // Re-read the list when the view opens or the line comes back; pushes keep it current.
  }, [api.state.connection]);

  async function invite(visitorId: string) {
    setError(undefined);
    try {
      const conversationId = await api.invite(visitorId, greeting);
      setInviting(null);
      props.onOpenConversation(conversationId);
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  const visitors = [...api.state.visitors].sort((a, b) => a.connectedAt - b.connectedAt);
  return (
    <section className="page" aria-labelledby="visitors-title">
      <h2 id="visitors-title">Visitors on the site now ({visitors.length})</h2>
      <ErrorLine message={error} />
      {visitors.length === 0 ? (
        <p className="muted">Nobody is on the site right now.</p>
      ) : (
        <table className="visitors" data-testid="live-visitors">
          <thead>
            <tr>
              <th scope="col">Visitor</th>
              <th scope="col">Page</th>
              <th scope="col">On site for</th>
              <th scope="col">Device</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {visitors.map((visitor) => (
              <VisitorRow key={visitor.visitorId} visitor={visitor} now={now}>
                {visitor.conversationId ? (
                  <button
                    type="button"
                    onClick={() => props.onOpenConversation(visitor.conversationId ?? '')}
                  >
                    Open chat
                  </button>
                ) : inviting === visitor.visitorId ? (
                  <InviteForm
                    greeting={greeting}
                    onGreeting={setGreeting}
                    onSend={() => void invite(visitor.visitorId)}
                    onCancel={() => setInviting(null)}
                  />
                ) : (
                  <button type="button" onClick={() => setInviting(visitor.visitorId)}>
                    Start chat
                  </button>
                )}
              </VisitorRow>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A visitor's name, page, time on the site and device; `children` is the action cell. */
function VisitorRow(props: { visitor: LiveVisitor; now: number; children: ReactNode }) {
  const { visitor } = props;
  return (
    <tr data-testid="live-visitor">
      <td>{visitor.name ?? visitor.email ?? `Visitor ${visitor.visitorId.slice(0, 6)}`}</td>
      <td>
        <span className="page-title">{visitor.title ?? visitor.url}</span>
        <span className="muted page-url">{visitor.url}</span>
      </td>
      <td>{durationSince(visitor.connectedAt, props.now)}</td>
      <td>
        {[
          visitor.device,
          visitor.userAgent ? browserOf(visitor.userAgent) : undefined,
          visitor.language,
        ]
          .filter(Boolean)
          .join(' · ')}
      </td>
      <td>{props.children}</td>
    </tr>
  );
}

/** The greeting a proactive chat starts with. */
function InviteForm(props: {
  greeting: string;
  onGreeting: (greeting: string) => void;
  onSend: () => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="invite"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSend();
      }}
    >
      <input
        aria-label="Greeting"
        value={props.greeting}
        onChange={(event) => props.onGreeting(event.target.value)}
      />
      <button type="submit" className="primary" disabled={!props.greeting.trim()}>
        Send
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
