import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { registerServiceWorker } from './pwa.js';
import './styles.css';
import './phone.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}

// The service worker caches the built app shell (the dev server has none: registering fails quietly).
registerServiceWorker();
