// The Tessera wallet's service worker: it keeps the wallet's own files (the page, its script and
// style, the manifest and icon) so that the wallet opens without a connection, and updates them in
// the background. It never keeps an answer of the API: balances, codes and sessions always come
// from Tessera itself.
const CACHE = 'tessera-wallet-v1';
const SHELL = [
  '/wallet/',
  '/wallet/assets/wallet.js',
  '/wallet/assets/wallet.css',
  '/wallet/manifest.webmanifest',
  '/wallet/icon.svg',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key)))),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith('/wallet/')) return;
  // Every page of the wallet is the same page: network first, the kept copy when offline.
  const key = event.request.mode === 'navigate' ? '/wallet/' : url.pathname;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.match(key).then((kept) => kept ?? Response.error())),
  );
});
