import { useState, type FormEvent } from 'react';
import { login, type Session } from '../api/rest.js';
import { RequestError } from '../api/request-error.js';
import { unlockSound } from '../notify.js';
import { LabelledInput } from './labelled-input.js';

/** The sign-in form; a wrong password and an unknown e-mail read the same (the server says so). */
export function LoginView(props: { notice?: string; onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(props.notice);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    unlockSound();
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await login(email.trim(), password));
    } catch (failure) {
      setError(
        failure instanceof RequestError && failure.code === 'unauthorized'
          ? 'Wrong e-mail or password.'
          : failure instanceof Error
            ? failure.message
            : 'Sign-in failed.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form
        className="login-card"
        onSubmit={(event) => void submit(event)}
        aria-labelledby="login-title"
      >
        <h1 id="login-title">Sapa</h1>
        <p className="muted">Sign in to answer your visitors.</p>
        <LabelledInput
          label="E-mail"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <LabelledInput
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
