import { useState, type FormEvent } from 'react';
import { BackToList } from '../components/back-to-list.js';
import { InboxList } from '../components/inbox-list.js';
import type { ConversationSummary } from '@sapa/contracts';
import type { DashboardApi, SearchQuery } from '../state/use-dashboard.js';
import { ConversationView } from './conversation-view.js';
import { ErrorLine } from '../components/error-line.js';
import { errorText } from '../state/use-load.js';
import { LabelledInput } from '../components/labelled-input.js';

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
    <div className={selected ? 'inbox has-selection' : 'inbox'}>
      <nav className="folders" aria-label="History search">
        <form className="search" onSubmit={(event) => void search(event)} role="search">
          <LabelledInput
            label="Text"
            value={text}
            onChange={setText}
            placeholder="words in messages"
          />
          <LabelledInput
            label="Visitor"
            value={visitor}
            onChange={setVisitor}
            placeholder="name or e-mail"
          />
          <div className="dates">
            <LabelledInput label="From" type="date" value={from} onChange={setFrom} />
            <LabelledInput label="To" type="date" value={to} onChange={setTo} />
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
        <div className="pane">
          <BackToList label="backToResults" onBack={() => setSelected(null)} />
          <ConversationView key={selected} api={api} conversationId={selected} />
        </div>
      ) : (
        <p className="muted empty select-hint">Search, then pick a conversation.</p>
      )}
    </div>
  );
}
