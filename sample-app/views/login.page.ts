import type { SingleSessionStrategy } from 'nestjs-single-session';
import type { Flash } from '../flash.js';
import { DEMO_ACCOUNTS } from '../users.js';
import { csrfField } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { allowance, strategyRule } from './plan.js';

/** The sign-in form, the one-time notice above it, and the demo accounts below. */
export function loginPage(view: { csrfToken: string; flash?: Flash; username?: string; strategy: SingleSessionStrategy }): string {
  return layout(
    { title: 'Sign in', flash: view.flash, narrow: true },
    html`<h1>Sign in</h1>
<p class="lead">to your Acme Cloud account</p>
<div class="card">
  <form method="post" action="/login">
    ${csrfField(view.csrfToken)}
    <label for="username">Username</label>
    <input type="text" id="username" name="username" autocomplete="username" value="${view.username ?? ''}" required autofocus>
    <label for="password">Password</label>
    <input type="password" id="password" name="password" autocomplete="current-password" required>
    <button class="wide" type="submit">Sign in</button>
  </form>
</div>
<div class="card">
  <h2>Demo accounts</h2>
  <table class="accounts">
    ${DEMO_ACCOUNTS.map((account) => html`<tr><td><code>${account.username}</code> / <code>${account.password}</code></td><td class="sub">${allowance(account.limit)} at a time</td></tr>`)}
  </table>
  <p class="sub">${strategyRule(view.strategy)} Try it with two browsers, or a normal and a private window.</p>
</div>`,
  );
}
