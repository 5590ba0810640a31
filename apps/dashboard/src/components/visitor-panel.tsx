import { useEffect, useState } from 'react';
import type { LooseClientEvent as ClientEvent, ConversationSummary } from '@sapa/contracts';
import { formatTime } from '../format.js';
import { localTime, visitorProfile } from '../state/visitor-profile.js';

/** Who the visitor is and where they have been, from the conversation's events. */
export function VisitorPanel(props: {
  summary: ConversationSummary;
  events: readonly ClientEvent[];
}) {
  const profile = visitorProfile(props.events);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const name = profile.name ?? props.summary.visitorName;
  const email = profile.email ?? props.summary.visitorEmail;
  const current = profile.currentPage?.url ?? props.summary.currentUrl ?? undefined;
  const time = localTime(profile.timeZone, now);

  return (
    <aside className="visitor-panel" aria-label="Visitor" data-testid="visitor-panel">
      <h3>Visitor</h3>
      <dl>
        <Fact label="Name" value={name ?? undefined} testId="visitor-name" />
        <Fact
          label="E-mail"
          value={email ? `${email}${profile.verified ? ' ✓ verified' : ''}` : undefined}
        />
        <Fact
          label="Current page"
          value={
            profile.currentPage?.title ? `${profile.currentPage.title} — ${current ?? ''}` : current
          }
          testId="current-page"
        />
        <Fact label="Referrer" value={profile.referrer} />
        <Fact
          label="Device"
          value={[profile.device, profile.browser].filter(Boolean).join(' · ') || undefined}
        />
        <Fact label="Language" value={profile.language} />
        <Fact label="Local time" value={time ? `${time} (${profile.timeZone ?? ''})` : undefined} />
        <Fact label="Department" value={profile.department} testId="department" />
        <Fact label="Question" value={profile.question} />
        <Fact
          label="Rating"
          value={
            profile.rating
              ? `${profile.rating.rating}${profile.rating.comment ? ` — ${profile.rating.comment}` : ''}`
              : undefined
          }
        />
        {Object.entries(profile.attributes).map(([key, value]) => (
          <Fact key={key} label={key} value={value} />
        ))}
      </dl>
      <h4>Pages visited</h4>
      {profile.pages.length === 0 ? (
        <p className="muted">None reported.</p>
      ) : (
        <ol className="pages" data-testid="pages-visited">
          {profile.pages.map((page, index) => (
            <li key={`${page.at}-${index}`}>
              <span className="page-title">{page.title ?? page.url}</span>
              <span className="muted page-url">{page.url}</span>
              <time className="muted">{formatTime(page.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

function Fact(props: { label: string; value: string | undefined; testId?: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value ?? <span className="muted">—</span>}</dd>
    </>
  );
}
