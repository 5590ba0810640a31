import { useState } from 'react';
import { Router } from 'wouter';
import { sessionStore, type Session } from './api/rest.js';
import { LoginView } from './components/login-view.js';
import { phoneText } from './phone-texts.js';
import { useOnline } from './pwa.js';
import { ROUTER_BASE } from './routes.js';
import { Shell } from './shell.js';

/**
 * Signed out → the login form; signed in → the dashboard. The URL is kept while signed out,
 * so a shared link opens its conversation or ticket right after the sign-in.
 */
export function App() {
  return (
    <Router base={ROUTER_BASE}>
      <OfflineNotice />
      <SignedInOrOut />
    </Router>
  );
}

function SignedInOrOut() {
  const [session, setSession] = useState<Session | null>(() => sessionStore.load());
  const [notice, setNotice] = useState<string | undefined>();

  if (!session) {
    return (
      <LoginView
        notice={notice}
        onSignedIn={(fresh) => {
          sessionStore.save(fresh);
          setNotice(undefined);
          setSession(fresh);
        }}
      />
    );
  }
  return (
    <Shell
      session={session}
      onSignedOut={(reason) => {
        sessionStore.clear();
        setNotice(reason);
        setSession(null);
      }}
    />
  );
}

/** Shown while the browser has no network (the app shell came from the service worker's cache). */
function OfflineNotice() {
  const online = useOnline();
  if (online) return null;
  return (
    <p className="offline-notice" role="status" data-testid="offline-notice">
      {phoneText('offline')}
    </p>
  );
}
