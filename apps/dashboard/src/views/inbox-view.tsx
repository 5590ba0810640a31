import { useEffect, useState } from 'react';
import { BackToList } from '../components/back-to-list.js';
import { InboxList } from '../components/inbox-list.js';
import type { DashboardApi } from '../state/use-dashboard.js';
import { byActivity, foldersOf, type Folder } from '../state/timeline.js';
import { urgencyOf } from '../state/urgency.js';
import { useNow } from '../state/use-now.js';
import { ConversationView } from './conversation-view.js';
import { paths } from '../routes.js';

const FOLDERS: ReadonlyArray<{ folder: Folder; label: string; empty: string }> = [
  { folder: 'waiting', label: 'Waiting', empty: 'Nobody is waiting.' },
  { folder: 'mine', label: 'Mine', empty: 'You have no open chats.' },
  { folder: 'open', label: 'All open', empty: 'No open chats.' },
  { folder: 'closed', label: 'Closed', empty: 'No closed chats loaded.' },
];

/** The inbox: folders on the left, the selected conversation on the right. */
export function InboxView(props: {
  api: DashboardApi;
  selected: string | null;
  onSelect: (conversationId: string) => void;
}) {
  const { api } = props;
  const [folder, setFolder] = useState<Folder>('waiting');
  const me = api.session.agent.agentId;
  const all = Object.values(api.state.summaries).sort(byActivity);
  const rows = all.filter((row) => foldersOf(row, me).includes(folder));
  const count = (wanted: Folder) => all.filter((row) => foldersOf(row, me).includes(wanted)).length;
  const { rings } = api.state;
  // The "waiting N s" of escalated chats counts up; nothing ticks while none is escalated.
  const now = useNow(
    all.some((row) => row.status === 'open' && (row.escalation || rings[row.conversationId])),
  );

  useEffect(() => {
    if (folder === 'closed' && api.state.connection === 'online')
      api.loadClosed().catch(() => undefined);
    // Reload closed chats when the folder is opened or the line comes back.
  }, [folder, api.state.connection]);

  return (
    <div className={props.selected ? 'inbox has-selection' : 'inbox'}>
      <nav className="folders" aria-label="Inbox folders">
        <div role="tablist">
          {FOLDERS.map(({ folder: id, label }) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={folder === id}
              data-testid={`folder-${id}`}
              onClick={() => setFolder(id)}
            >
              {label}{' '}
              <span className="count">{id === 'closed' && count(id) === 0 ? '' : count(id)}</span>
            </button>
          ))}
        </div>
        <InboxList
          conversations={rows}
          selected={props.selected}
          onSelect={props.onSelect}
          empty={FOLDERS.find((entry) => entry.folder === folder)?.empty ?? ''}
          urgencyOf={(row) => urgencyOf(row, rings[row.conversationId], now)}
        />
      </nav>
      {props.selected ? (
        <div className="pane">
          <BackToList label="backToInbox" to={paths.page('inbox')} />
          <ConversationView key={props.selected} api={api} conversationId={props.selected} />
        </div>
      ) : (
        <p className="muted empty select-hint">Pick a conversation on the left.</p>
      )}
    </div>
  );
}
