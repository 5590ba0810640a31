import { useState, type FormEvent } from 'react';
import { InboxList } from '../components/inbox-list.js';
import type { ConversationSummary } from '../api/wire.js';
import type { DashboardApi, SearchQuery } from '../state/use-dashboard.js';
import { ConversationView } from './conversation-view.js';
import { ErrorLine } from '../components/error-line.js';
import { errorText } from '../state/use-load.js';

/** Past conversations, searched by visitor (name or e-mail), date range and message text. */
export function HistoryView(props: { api: DashboardApi }) {
  const { api } = props;
  const [text, setText] = useState('');
  const [visitor, setVisitor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [results, setResults] = useState<readonly ConversationSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const query: SearchQuery = {};
    if (text.trim()) query.text = text.trim();
    if (visitor.trim()) query.visitor = visitor.trim();
    if (from) query.from = from;
    // A date picked as "to" means the whole of that day.
    if (to) query.to = new Date(`${to}T23:59:59.999`).toISOString();
    try {
      setResults(await api.search(query));
      setSelected(null);
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <div className="inbox">
      <nav className="folders" aria-label="History search">
        <form className="search" onSubmit={(event) => void search(event)} role="search">
          <label>
            Text
            <input
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder="words in messages"
            />
          </label>
          <label>
            Visitor
            <input
              value={visitor}
              onChange={(event) => setVisitor(event.target.value)}
              placeholder="name or e-mail"
            />
          </label>
          <div className="dates">
            <label>
              From
              <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
            </label>
            <label>
              To
              <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
            </label>
          </div>
          <button type="submit" className="primary">
            Search
          </button>
        </form>
        <ErrorLine message={error} />
        {results && (
          <InboxList
            conversations={results}
            selected={selected}
            onSelect={setSelected}
            empty="No conversation matches."
          />
        )}
      </nav>
      {selected ? (
        <ConversationView key={selected} api={api} conversationId={selected} />
      ) : (
        <p className="muted empty select-hint">Search, then pick a conversation.</p>
      )}
    </div>
  );
}
