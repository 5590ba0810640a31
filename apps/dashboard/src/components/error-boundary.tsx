import { Component, type ReactNode } from 'react';

/** A rendering bug shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="login">
        <div className="login-card" role="alert">
          <h1>Something went wrong</h1>
          <p>
            The dashboard hit an error. Reloading the page usually fixes it; your chats are safe on
            the server.
          </p>
          <button type="button" className="primary" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
