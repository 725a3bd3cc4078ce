// Live sign-out: while a signed-in page is open, it listens for the end of this browser's
// session (/api/session-end, server-sent events). When that comes — a sign-in on another
// device, "Sign out" from another device, a sign-out in another tab — the page shows why, at
// once, without a click. The notice comes from the server: text, with moments shown as <time>
// in the viewer's time zone.
import { showLocalTime } from './local-time.js';

const source = new EventSource('/api/session-end');
// Says on the page whether it is listening (for styles, and for the tests to wait on).
source.addEventListener('open', () => (document.documentElement.dataset.liveSignOut = 'listening'));
source.addEventListener('session-end', (event) => {
  source.close();
  document.documentElement.dataset.liveSignOut = 'signed-out';
  showSignedOut(JSON.parse(event.data));
});

/** Replaces the page's content with the notice and a link to sign in again; the header loses what needs a session. */
function showSignedOut({ tone, text }) {
  const notice = document.createElement('div');
  notice.className = `notice ${tone}`;
  notice.setAttribute('role', 'status');
  for (const part of typeof text === 'string' ? [text] : text) notice.append(typeof part === 'string' ? part : clockTime(part.at));
  const again = document.createElement('a');
  again.href = '/login';
  again.textContent = 'Sign in again';
  const next = document.createElement('p');
  next.append(again);
  document.querySelector('main').replaceChildren(notice, next);
  document.querySelector('header nav').replaceChildren();
  document.querySelector('header .who')?.remove();
  document.title = 'Signed out · Acme Cloud';
}

/** A <time> of `at` (epoch ms), as a clock time in the viewer's time zone. */
function clockTime(at) {
  const time = document.createElement('time');
  time.dateTime = new Date(at).toISOString();
  time.dataset.local = 'time';
  showLocalTime(time);
  return time;
}
