import type { SingleSessionStrategy } from 'nestjs-single-session';
import type { SessionView } from '../session-view.js';
import type { Flash } from '../flash.js';
import { ago } from '../time-format.js';
import { limitOf, type User } from '../users.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { localTime } from './local-time.js';
import { allowance, strategyRule } from './plan.js';

/** Who is signed in, on which device, since when, and what the account's limit means. */
export function homePage(view: { user: User; csrfToken: string; session?: SessionView; flash?: Flash; strategy: SingleSessionStrategy }): string {
  const { user, session } = view;
  return layout(
    { title: 'Home', user, csrfToken: view.csrfToken, active: 'home', flash: view.flash },
    html`<h1>Welcome back, ${user.displayName}</h1>
<p class="lead">${session ? html`You are signed in on <strong>${session.device}</strong> since ${localTime(session.loginAt)} (${ago(session.loginAt)}).` : 'You are signed in.'}</p>
<div class="card">
  <dl class="facts">
    <div><dt>This device</dt><dd>${session?.device ?? 'Unknown'}</dd></div>
    <div><dt>Signed in</dt><dd>${session ? localTime(session.loginAt) : '–'}</dd></div>
    <div><dt>Your plan</dt><dd>${allowance(limitOf(user))} at a time</dd></div>
  </dl>
</div>
<div class="card row">
  <div>
    <h2>Signed in somewhere else too?</h2>
    <div class="sub">${strategyRule(view.strategy)}</div>
  </div>
  <a href="/sessions"><button class="quiet" type="button">Your sessions</button></a>
</div>`,
  );
}
