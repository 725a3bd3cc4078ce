import type { SessionChoice } from 'nestjs-single-session';
import type { Flash } from '../flash.js';
import { sessionView } from '../session-view.js';
import { ago } from '../time-format.js';
import { postButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { localTime } from './local-time.js';
import { devices } from './plan.js';

/**
 * The chooser (`--choose`): this sign-in waits until its person signs out one of the account's
 * other devices (one button each) or cancels it; the library's `SessionChoice` says which
 * devices and until when.
 */
export function choosePage(view: { csrfToken: string; choice: SessionChoice; flash?: Flash }): string {
  const { csrfToken, choice } = view;
  const sessions = choice.sessions.map((session) => sessionView(session, false));
  const signedIn = devices(sessions.length, choice.deviceClass);
  const [only] = sessions.length === 1 ? sessions : [];
  return layout(
    { title: 'Choose a device to sign out', flash: view.flash, narrow: true },
    html`<h1>Choose a device to sign out</h1>
<p class="lead">${
      only
        ? `This account is already signed in on ${signedIn}. Sign out ${only.device} (last seen ${ago(only.lastSeenAt)}) to continue here.`
        : `This account is already signed in on ${signedIn}, the most it may use at once. Sign out one of them to continue here.`
    }</p>
<div class="card">
  <ul class="choices">
    ${sessions.map(
      (session) => html`<li data-session="${session.handle}">
      <div class="device">${session.device}</div>
      <div class="sub">Signed in ${localTime(session.loginAt)} · last seen ${ago(session.lastSeenAt)} · ${session.ip ?? 'Unknown IP'}</div>
      ${postButton({ action: `/choose/${session.handle}`, csrfToken, label: `Sign out ${session.device}`, buttonClass: 'wide' })}
    </li>`,
    )}
  </ul>
  <p class="sub">This sign-in waits for your choice until ${localTime(choice.choiceExpiresAt, 'time')}; then it is cancelled.</p>
</div>
<div class="card row">
  <div><h2>Not now?</h2><div class="sub">Keep the other devices signed in.</div></div>
  ${postButton({ action: '/logout', csrfToken, label: 'Cancel and sign out', buttonClass: 'quiet' })}
</div>`,
  );
}
