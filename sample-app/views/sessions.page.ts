import type { SessionView } from '../session-view.js';
import type { Flash } from '../flash.js';
import { ago } from '../time-format.js';
import { limitOf, type User } from '../users.js';
import { postButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { localTime } from './local-time.js';
import { allowance, devices } from './plan.js';

/** Every live session of the account, with a way to sign each of the others out. */
export function sessionsPage(view: { user: User; csrfToken: string; sessions: SessionView[]; flash?: Flash }): string {
  const { user, csrfToken, sessions } = view;
  const others = sessions.filter((session) => !session.current).length;
  return layout(
    { title: 'Your sessions', user, csrfToken, active: 'sessions', flash: view.flash },
    html`<h1>Your sessions</h1>
<p class="lead">${user.username} is signed in on ${devices(sessions.length)}; the account may use ${allowance(limitOf(user))} at a time.</p>
<div class="card">
  <table class="sessions">
    <thead><tr><th>Device</th><th>Signed in</th><th>Last seen</th><th></th></tr></thead>
    <tbody>
    ${sessions.map(
      (session) => html`<tr data-session="${session.handle}">
      <td><span class="device">${session.device}</span>${session.current ? html`<span class="badge">This device</span>` : ''}<div class="sub">${session.deviceClass ? `${session.deviceClass} · ` : ''}${session.ip ?? 'Unknown IP'}</div></td>
      <td data-label="Signed in">${localTime(session.loginAt)}</td>
      <td data-label="Last seen">${session.current ? 'Now' : ago(session.lastSeenAt)}</td>
      <td class="action">${postButton({
        action: session.current ? '/logout' : `/sessions/${session.handle}/revoke`,
        csrfToken,
        label: 'Sign out',
        buttonClass: 'quiet',
      })}</td>
    </tr>`,
    )}
    </tbody>
  </table>
</div>
${others > 0 ? html`<div class="card row">
  <div><h2>Not you?</h2><div class="sub">Sign out ${others === 1 ? 'the other device' : `the ${others} other devices`} at once, then change your password.</div></div>
  ${postButton({ action: '/sessions/revoke-others', csrfToken, label: 'Sign out everywhere else', buttonClass: 'danger' })}
</div>` : ''}`,
  );
}
