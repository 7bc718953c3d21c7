import { render } from 'preact';
import { Api } from '../shared/api.js';
import { App, BASE } from './app.js';

const root = document.getElementById('app');
if (root !== null) render(<App api={new Api()} />, root);

// The service worker keeps the wallet's own files for a start without a connection; it never
// keeps an answer of the API (sw.js).
if ('serviceWorker' in navigator)
  void navigator.serviceWorker.register(`${BASE}/sw.js`, { scope: `${BASE}/` });
