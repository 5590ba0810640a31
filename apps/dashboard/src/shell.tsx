import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { Session } from './api/rest.js';
import { ConnectionBadge, StaleBanner } from './components/connection-badge.js';
import { askNotificationPermission, notificationPermission, unlockSound } from './notify.js';
import { matchRoute, paths, type Page, type RouteMatch } from './routes.js';
import { useAutoAway, type AutoAway } from './state/use-auto-away.js';
import { useDashboard, type DashboardApi } from './state/use-dashboard.js';
import { DutyView } from './views/duty-view.js';
import { HistoryView } from './views/history-view.js';
import { InboxView } from './views/inbox-view.js';
import { SettingsView } from './views/settings-view.js';
import { TicketsView } from './views/tickets-view.js';
import { VisitorsView } from './views/visitors-view.js';

/**
 * The signed-in dashboard: header (navigation, connection, status, sign-out) and the page the
 * URL names (routes.ts). Opening a conversation or a ticket is a navigation, so each has a
 * link to share and the browser's back button returns to the page before.
 */
export function Shell(props: { session: Session; onSignedOut: (reason?: string) => void }) {
  const [location, navigate] = useLocation();
  const route = matchRoute(location);
  // Opening what is already on screen adds no history entry.
  const go = (path: string) => path !== location && navigate(path);
  const openConversation = (conversationId: string) => go(paths.conversation(conversationId));
  const api = useDashboard(
    props.session,
    route.page === 'inbox' ? route.conversationId : null,
    props.onSignedOut,
    openConversation,
  );
  const autoAway = useAutoAway(api);

  return (
    <div
      className="shell"
      onClick={() => api.unread > 0 && route.page === 'inbox' && api.markRead()}
    >
      <header className="topbar">
        <strong className="brand">Sapa</strong>
        <MainNav api={api} page={route.page} />
        <TopbarRight api={api} autoAway={autoAway} onSignedOut={() => props.onSignedOut()} />
      </header>
      <StaleBanner state={api.state.connection} />
      <main className="content">
        <PageView
          api={api}
          route={route}
          autoAway={autoAway}
          go={go}
          openConversation={(conversationId) => {
            unlockSound();
            openConversation(conversationId);
            api.markRead();
          }}
        />
      </main>
    </div>
  );
}

function PageView(props: {
  api: DashboardApi;
  route: RouteMatch;
  autoAway: AutoAway;
  go: (path: string) => void;
  openConversation: (conversationId: string) => void;
}) {
  const { api, route, go } = props;
  switch (route.page) {
    case 'inbox':
      return (
        <InboxView api={api} selected={route.conversationId} onSelect={props.openConversation} />
      );
    case 'visitors':
      return (
        <VisitorsView
          api={api}
          onOpenConversation={(conversationId) => go(paths.conversation(conversationId))}
        />
      );
    case 'history':
      return <HistoryView api={api} />;
    case 'tickets':
      return (
        <TicketsView
          api={api}
          ticketId={route.ticketId}
          onSelect={(ticketId) => go(paths.ticket(ticketId))}
        />
      );
    case 'duty':
      return (
        <DutyView
          api={api}
          onSaved={(duty) => props.autoAway.setMinutes(duty.autoAwayMinutes ?? 0)}
        />
      );
    case 'settings':
      // An agent who follows a link here is told by the server (403) that the page is not theirs.
      return <SettingsView api={api} />;
    default: {
      const unknown: never = route.page;
      return unknown;
    }
  }
}

/** The pages as links: each one's URL can be opened in a new tab or shared. */
function MainNav(props: { api: DashboardApi; page: Page }) {
  const { api } = props;
  const role = api.session.agent.role;
  const canEditSettings = role === 'admin' || role === 'supervisor';
  const entries: ReadonlyArray<readonly [Page, string]> = [
    ['inbox', `Inbox${api.unread > 0 ? ` (${api.unread})` : ''}`],
    ['visitors', `Visitors (${api.state.visitors.length})`],
    ['history', 'History'],
    ['tickets', 'Tickets'],
    ['duty', 'Duty'],
    ...(canEditSettings ? ([['settings', 'Settings']] as const) : []),
  ];
  return (
    <nav aria-label="Main">
      {entries.map(([id, label]) => (
        <Link
          key={id}
          to={paths.page(id)}
          aria-current={props.page === id ? 'page' : undefined}
          data-testid={`nav-${id}`}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}

/** Connection, my status (with automatic away), notifications, who I am and sign-out. */
function TopbarRight(props: { api: DashboardApi; autoAway: AutoAway; onSignedOut: () => void }) {
  const { api, autoAway } = props;
  const { state } = api;
  const [permission, setPermission] = useState(notificationPermission);
  return (
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
        <button type="button" onClick={() => void askNotificationPermission().then(setPermission)}>
          Enable notifications
        </button>
      )}
      <span className="me" data-testid="me">
        {api.session.agent.name}
      </span>
      <button type="button" onClick={props.onSignedOut} data-testid="sign-out">
        Sign out
      </button>
    </div>
  );
}
