import { useState } from 'react';
import type { Session } from './api/rest.js';
import { ConnectionBadge, StaleBanner } from './components/connection-badge.js';
import { askNotificationPermission, notificationPermission, unlockSound } from './notify.js';
import { useAutoAway } from './state/use-auto-away.js';
import { useDashboard } from './state/use-dashboard.js';
import { DutyView } from './views/duty-view.js';
import { HistoryView } from './views/history-view.js';
import { InboxView } from './views/inbox-view.js';
import { SettingsView } from './views/settings-view.js';
import { TicketsView } from './views/tickets-view.js';
import { VisitorsView } from './views/visitors-view.js';

type Page = 'inbox' | 'visitors' | 'history' | 'tickets' | 'duty' | 'settings';

/** The signed-in dashboard: header (connection, status, sign-out), navigation and the page. */
export function Shell(props: { session: Session; onSignedOut: (reason?: string) => void }) {
  const [page, setPage] = useState<Page>('inbox');
  const [selected, setSelected] = useState<string | null>(null);
  const [permission, setPermission] = useState(notificationPermission);
  const openConversation = (conversationId: string) => {
    setSelected(conversationId);
    setPage('inbox');
  };
  const api = useDashboard(
    props.session,
    page === 'inbox' ? selected : null,
    props.onSignedOut,
    openConversation,
  );
  const { state } = api;
  const autoAway = useAutoAway(api);
  const canEditSettings =
    api.session.agent.role === 'admin' || api.session.agent.role === 'supervisor';

  const select = (conversationId: string) => {
    unlockSound();
    setSelected(conversationId);
    api.markRead();
  };

  return (
    <div className="shell" onClick={() => api.unread > 0 && page === 'inbox' && api.markRead()}>
      <header className="topbar">
        <strong className="brand">Sapa</strong>
        <nav aria-label="Main">
          {(
            [
              ['inbox', `Inbox${api.unread > 0 ? ` (${api.unread})` : ''}`],
              ['visitors', `Visitors (${state.visitors.length})`],
              ['history', 'History'],
              ['tickets', 'Tickets'],
              ['duty', 'Duty'],
              ...(canEditSettings ? ([['settings', 'Settings']] as const) : []),
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-current={page === id ? 'page' : undefined}
              onClick={() => setPage(id)}
              data-testid={`nav-${id}`}
            >
              {label}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <ConnectionBadge state={state.connection} />
          <label className="status">
            <span className="sr-only">My status</span>
            <select
              value={state.status}
              disabled={state.connection !== 'online'}
              title={
                autoAway.minutes > 0
                  ? `Set away automatically after ${autoAway.minutes} min without input`
                  : undefined
              }
              onChange={(event) =>
                void autoAway
                  .choose(event.target.value as 'online' | 'away' | 'offline')
                  .catch(() => undefined)
              }
              data-testid="my-status"
            >
              <option value="online">Online</option>
              <option value="away">Away</option>
              <option value="offline">Offline (no chats)</option>
            </select>
          </label>
          {autoAway.automatic && (
            <span className="muted auto-away" data-testid="auto-away-note">
              Away automatically after {autoAway.minutes} min without input
            </span>
          )}
          {permission === 'default' && (
            <button
              type="button"
              onClick={() => void askNotificationPermission().then(setPermission)}
            >
              Enable notifications
            </button>
          )}
          <span className="me" data-testid="me">
            {api.session.agent.name}
          </span>
          <button type="button" onClick={() => props.onSignedOut()} data-testid="sign-out">
            Sign out
          </button>
        </div>
      </header>
      <StaleBanner state={state.connection} />
      <main className="content">
        {page === 'inbox' && <InboxView api={api} selected={selected} onSelect={select} />}
        {page === 'visitors' && <VisitorsView api={api} onOpenConversation={openConversation} />}
        {page === 'history' && <HistoryView api={api} />}
        {page === 'tickets' && <TicketsView api={api} />}
        {page === 'duty' && (
          <DutyView api={api} onSaved={(duty) => autoAway.setMinutes(duty.autoAwayMinutes ?? 0)} />
        )}
        {page === 'settings' && canEditSettings && <SettingsView api={api} />}
      </main>
    </div>
  );
}
