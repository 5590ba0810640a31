import { useState } from 'react';
import { sessionStore, type Session } from './api/rest.js';
import { LoginView } from './components/login-view.js';
import { Shell } from './shell.js';

/** Signed out → the login form; signed in → the dashboard. */
export function App() {
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
